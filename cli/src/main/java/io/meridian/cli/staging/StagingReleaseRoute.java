package io.meridian.cli.staging;

import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.stage.StageContext;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code DELETE /v1/staging/{id}} (operator role): releases a staging request, i.e. publishes the
 * tombstone on {@code meridian.staging-requests} that placement takes as "the job no longer needs
 * the data": its pins end at once and its copies return to normal policy. 202 with
 * {@code {"released": id}}; 404 when no such request is on the topic (never sent, or released already).
 */
public final class StagingReleaseRoute {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final StageContext context;

    private StagingReleaseRoute(StageContext context) {
        this.context = context;
    }

    public static void register(HttpApi http, StageContext context) {
        http.route("DELETE", "/v1/staging/", Role.OPERATOR, new StagingReleaseRoute(context)::release);
    }

    private void release(HttpCall call) throws Exception {
        String id = call.rest();
        if (!ID.matcher(id).matches()) {
            throw HttpException.badRequest("DELETE /v1/staging/{id} takes a request id (letters, digits, . _ : @ -), not '" + id + "'");
        }
        if (!open(id)) {
            throw HttpException.notFound("no open staging request '" + id + "' on " + Topics.STAGING_REQUESTS);
        }
        Properties props = context.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.STAGING_REQUESTS, id.getBytes(StandardCharsets.UTF_8), null))
                    .get(30, TimeUnit.SECONDS);
        }
        call.json(202, Map.of("released", id));
    }

    /** Whether the latest record of {@code id} on the requests topic is a request rather than a tombstone. */
    private boolean open(String id) {
        Properties props = context.kafkaProperties();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        boolean open = false;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.STAGING_REQUESTS, READ_TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new java.util.HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.STAGING_REQUESTS + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (java.util.Arrays.equals(record.key(), key)) {
                        open = record.value() != null;
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return open;
    }
}
