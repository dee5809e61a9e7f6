package io.meridian.cli.ops;

import io.meridian.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a topic where no materialized view holds it (a command's own process): the latest value per
 * key of a (compacted) topic, or of one key from the one partition it is hashed to, without joining
 * a consumer group. Writes go through {@link Publisher}.
 */
public final class TopicIo {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicIo() {
    }

    /** The latest value of every key of {@code topic} (keys with a tombstone last are absent). */
    public static <V> Map<String, V> latest(Properties kafka, Topic<String, V> topic) {
        return latest(kafka, topic, null);
    }

    /** The latest value of the one key {@code key}, reading only the partition it is hashed to. */
    public static <V> V latestOf(Properties kafka, Topic<String, V> topic, String key) {
        return latest(kafka, topic, key).get(key);
    }

    /** Every value of {@code key}, oldest first (null for a tombstone), from the one partition that holds it. */
    public static <V> List<V> valuesOf(Properties kafka, Topic<String, V> topic, String key) {
        List<V> values = new ArrayList<>();
        read(kafka, topic.name(), key, (k, bytes) -> values.add(topic.value(bytes)));
        return values;
    }

    /** How many partitions {@code topic} has; throws IllegalStateException when it does not exist. */
    public static int partitionCount(Properties kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return partitions(consumer, topic, null).size();
        }
    }

    /** The partition the default partitioner sends {@code key} to, among {@code partitions}. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Latest values of every key, or only of {@code onlyKey} (then only its partition is read) when not null. */
    private static <V> Map<String, V> latest(Properties kafka, Topic<String, V> topic, String onlyKey) {
        Map<String, V> latest = new LinkedHashMap<>();
        read(kafka, topic.name(), onlyKey, (key, bytes) -> {
            if (bytes == null) {
                latest.remove(key);
            } else {
                latest.put(key, topic.value(bytes));
            }
        });
        return latest;
    }

    /** Every record of {@code topic} from its start, or of {@code onlyKey} from its partition, in offset order. */
    private static void read(Properties kafka, String topic, String onlyKey, BiConsumer<String, byte[]> each) {
        Predicate<String> keyFilter = onlyKey == null ? k -> true : onlyKey::equals;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic, onlyKey);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    if (key != null && keyFilter.test(key)) {
                        each.accept(key, record.value());
                    }
                }
            }
        }
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
