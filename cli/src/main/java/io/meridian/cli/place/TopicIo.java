package io.meridian.cli.place;

import io.meridian.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What the placement subcommands do with topics: publish one keyed record and wait for the broker,
 * and read the latest value per key of a (compacted) topic without joining a consumer group.
 */
final class TopicIo {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicIo() {
    }

    /** Sends one record (a tombstone when {@code value} is null) and waits for its acknowledgement. */
    static <V> void publish(Properties kafka, Topic<String, V> topic, String key, V value) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(topic.record(key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka within " + TIMEOUT.toSeconds()
                    + " s while publishing to " + topic.name() + "; is 'meridian up' running?", e);
        }
    }

    /** The latest value of every key of {@code topic} (keys with a tombstone last are absent). */
    static <V> Map<String, V> latest(Properties kafka, Topic<String, V> topic) {
        return latest(kafka, topic, null);
    }

    /** The latest value of the one key {@code key}, reading only the partition it is hashed to. */
    static <V> V latestOf(Properties kafka, Topic<String, V> topic, String key) {
        return latest(kafka, topic, key).get(key);
    }

    /** How many partitions {@code topic} has; throws IllegalStateException when it does not exist. */
    static int partitionCount(Properties kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return partitions(consumer, topic, null).size();
        }
    }

    /** The partition the default partitioner sends {@code key} to, among {@code partitions}. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    /** Latest values of every key, or only of {@code onlyKey} (then only its partition is read) when not null. */
    private static <V> Map<String, V> latest(Properties kafka, Topic<String, V> topic, String onlyKey) {
        Predicate<String> keyFilter = onlyKey == null ? k -> true : onlyKey::equals;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic.name(), onlyKey);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (key == null || !keyFilter.test(key)) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, topic.value(record.value()));
                    }
                }
            }
        }
        return latest;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, String onlyKey) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist; create the topics with 'meridian init'");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        int only = onlyKey == null ? -1 : partitionOf(onlyKey, infos.size());
        infos.stream().filter(p -> only < 0 || p.partition() == only).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }
}
