package io.meridian.watchers.s3;

import io.meridian.schemas.FileEvent;
import io.meridian.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bucket notifications from a Kafka topic that MinIO's {@code notify_kafka} target (or a bridge from
 * AWS EventBridge/SQS) writes JSON to. Offsets are committed only after the watcher published and
 * checkpointed the events ({@link #committed}), so a crash replays rather than loses them. A message
 * that is not a notification goes to the dead-letter topic with the reason.
 */
public final class KafkaNotificationSource implements NotificationSource {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNotificationSource.class);

    private final Properties properties;
    private final String topic;
    private final DeadLetters deadLetters;
    private KafkaConsumer<byte[], byte[]> consumer;

    public KafkaNotificationSource(Properties kafka, String topic, String silo, DeadLetters deadLetters) {
        this.properties = new Properties();
        properties.putAll(kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "meridian-s3-notifications-" + silo);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A listing runs at start, so older notifications add nothing; the group's offsets take over afterwards.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.topic = topic;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open() {
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @Override
    public void poll(long millis, S3Notifications parser, Consumer<FileEvent> events) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(millis))) {
            String message = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            S3Notifications.Result result = parser.parse(message);
            result.events().forEach(events);
            if (!result.rejected().isEmpty()) {
                String reason = String.join("; ", result.rejected());
                LOG.warn("Bucket notification at {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(), reason);
                deadLetters.send(record.key(), record.value(), record.headers(), record.topic(), record.partition(),
                        record.offset(), new IllegalArgumentException("not a bucket notification: " + reason));
            }
        }
    }

    @Override
    public void committed() {
        consumer.commitSync();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
