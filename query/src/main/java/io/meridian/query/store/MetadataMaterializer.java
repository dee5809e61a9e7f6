package io.meridian.query.store;

import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.ConsumerThread;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage that keeps a {@link MetadataStore} current: one consumer, no consumer group, assigned
 * every partition of the materialized topics and reading them from the beginning, so that every
 * API instance holds a full copy. When the store does not hold the files itself (the partitioned
 * query tier holds them), {@code meridian.metadata} is read from its end instead: only the changes
 * from now on, for push queries and the console's live view. A record that does not decode is logged with its coordinates,
 * counted and skipped; it never stops the stage.
 */
public final class MetadataMaterializer implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataMaterializer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final StageContext context;
    private final MetadataStore store;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    private volatile int metadataPartitions;

    public MetadataMaterializer(StageContext context, MetadataStore store) {
        this.context = context;
        this.store = store;
    }

    @Override
    public String name() {
        return "query store";
    }

    public MetadataStore store() {
        return store;
    }

    @Override
    public synchronized void start() {
        Properties props = context.kafkaProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-query-store");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props);
        Map<TopicPartition, Long> ends;
        try {
            ends = assignAll(consumer, store.holdsFiles());
            metadataPartitions = (int) ends.keySet().stream().filter(p -> p.topic().equals(Topics.METADATA)).count();
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("query store cannot read the metadata topics (" + e.getMessage()
                    + "); run meridian init to create them", e);
        }
        SchemaRegistry registry = context.registry().get();
        RecordApplier applier = new RecordApplier(store, registry);
        running = true;
        thread = new Thread(() -> run(applier, ends, registry), "meridian-query-store");
        thread.setDaemon(true);
        thread.start();
    }

    private static Map<TopicPartition, Long> assignAll(KafkaConsumer<byte[], byte[]> consumer, boolean withFiles) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : RecordApplier.TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        if (!withFiles) {
            consumer.seekToEnd(partitions.stream().filter(p -> p.topic().equals(Topics.METADATA)).toList());
        }
        return new HashMap<>(consumer.endOffsets(partitions));
    }

    private void run(RecordApplier applier, Map<TopicPartition, Long> ends, SchemaRegistry registry) {
        try (registry) {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    applyOne(applier, record);
                }
                if (caughtUp.getCount() > 0 && reached(ends)) {
                    if (store.holdsFiles()) {
                        LOG.info("Query store caught up: {} files", store.fileCount());
                    } else { // the files are the partitioned tier's; counting them would ask every instance
                        LOG.info("Query store caught up; file changes are followed from now on");
                    }
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop
        } catch (Exception e) {
            LOG.error("Query store stopped by an unexpected error; queries answer from what was read so far", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void applyOne(RecordApplier applier, ConsumerRecord<byte[], byte[]> record) {
        try {
            applier.apply(record);
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            store.countSkipped();
            LOG.warn("Skipped a record the query store cannot use ({}-{}@{}): {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }

    /** The partition count of meridian.metadata, as assigned at start (0 before). */
    public int metadataPartitions() {
        return metadataPartitions;
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Records skipped because they did not decode or had an invalid key. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public synchronized void close() {
        running = false;
        ConsumerThread.stop(consumer, thread, Duration.ofSeconds(10));
        thread = null;
    }
}
