package io.meridian.classifier;

import io.meridian.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/** Produce and read real topics in integration tests. */
final class TopicFixture {
    private TopicFixture() {
    }

    static <V> void produce(String bootstrap, Topic<String, V> topic, Map<String, V> records) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            records.forEach((key, value) -> producer.send(new ProducerRecord<>(topic.name(), key, value)));
            producer.flush();
        }
    }

    static void produceRaw(String bootstrap, String topic, byte[] key, byte[] value) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** The partition the default partitioner puts a string key in. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    /** Reads a topic from the start until the latest value per key satisfies {@code done}. */
    static <V> Map<String, V> readUntil(String bootstrap, Topic<String, V> topic, Predicate<Map<String, V>> done,
                                        Duration timeout) {
        Map<String, V> latest = new HashMap<>();
        try (KafkaConsumer<String, V> consumer = consumer(bootstrap, topic)) {
            consumer.subscribe(List.of(topic.name()));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
                if (done.test(latest)) {
                    return latest;
                }
            }
        }
        throw new AssertionError("timed out after " + timeout + " reading " + topic.name() + "; last values: " + latest);
    }

    /** Reads raw records of a topic from the start until one satisfies {@code match}. */
    static ConsumerRecord<byte[], byte[]> readRawUntil(String bootstrap, String topic,
                                                       Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout) {
        Properties props = consumerProps(bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for a matching record in " + topic);
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrap, Topic<String, V> topic) {
        return new KafkaConsumer<>(consumerProps(bootstrap), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
