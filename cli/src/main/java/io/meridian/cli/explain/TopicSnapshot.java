package io.meridian.cli.explain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The latest value of every key of a topic keyed by UTF-8 strings, read from the beginning to the
 * end offsets it had when asked, without a consumer group; a tombstone removes its key. A topic
 * that does not exist (yet) is empty. For small compacted topics and one-off reads, not for tailing.
 */
final class TopicSnapshot {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private TopicSnapshot() {
    }

    /** Every key's latest value; {@code onlyKey} non-null keeps just that key. */
    static <V> Map<String, V> latest(Properties kafka, String topic, Deserializer<V> values, String onlyKey) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, V> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> partitions = new ArrayList<>();
            (infos == null ? List.<PartitionInfo>of() : infos).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                return out;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            ends.entrySet().removeIf(e -> e.getValue() == 0);
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    if (key != null && (onlyKey == null || onlyKey.equals(key))) {
                        V value = record.value() == null ? null : values.deserialize(topic, record.value());
                        if (value == null) {
                            out.remove(key);
                        } else {
                            out.put(key, value);
                        }
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return out;
    }

    static int partitionCount(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.partitionsFor(topic, TIMEOUT).size();
        }
    }
}
