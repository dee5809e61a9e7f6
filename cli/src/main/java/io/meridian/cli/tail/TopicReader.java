package io.meridian.cli.tail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads raw records of every partition of one topic without joining a consumer group (so tailing
 * never disturbs the stages' groups): the newest N per topic, or all, then optionally follows.
 */
public final class TopicReader implements AutoCloseable {
    /** Read every record from the beginning. */
    public static final int ALL = -1;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    public TopicReader(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Delivers the selected records to {@code sink} in timestamp order, then new ones if {@code follow}. */
    public void read(int last, boolean follow, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, Long> start = startOffsets(partitions, end, last);
        start.forEach(consumer::seek);
        List<ConsumerRecord<byte[], byte[]>> backlog = readUntil(end);
        backlog.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        int skip = last == ALL ? 0 : Math.max(0, backlog.size() - last);
        backlog.subList(skip, backlog.size()).forEach(sink);
        while (follow && !Thread.currentThread().isInterrupted()) {
            consumer.poll(POLL).forEach(sink);
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist; list Meridian's topics with "
                    + "'meridian tail --help' or create them with 'meridian init'");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Map<TopicPartition, Long> end, int last) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition p : partitions) {
            // The newest N overall are among the newest N of each partition.
            long from = last == ALL ? begin.get(p) : Math.max(begin.get(p), end.get(p) - last);
            start.put(p, from);
        }
        return start;
    }

    private List<ConsumerRecord<byte[], byte[]>> readUntil(Map<TopicPartition, Long> end) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            consumer.poll(POLL).forEach(records::add);
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
