package io.meridian.cli.ops;

import io.meridian.placement.PlacementTopology;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.ConsumerThread;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.streams.StateSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the query store's list of stuck files ({@link MetadataStore#putStuck}) current from placement's
 * compacted {@code placement-stuck} changelog, so {@code GET /v1/stuck}, the console and
 * {@code meridian stuck ls} answer from memory. One consumer, no group, every partition from the
 * beginning. Placement creates the changelog when it first runs, perhaps in another process or later
 * than this one: until the topic exists the reader looks for it again every {@link #LOOK_AGAIN}
 * (never creating it: its configuration is Kafka Streams'). A value that does not decode is logged
 * with its coordinates and skipped.
 */
public final class StuckReader implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(StuckReader.class);
    static final String TOPIC = PlacementTopology.changelog(PlacementTopology.STUCK_STORE);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(2);

    private final StageContext context;
    private final MetadataStore store;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean caughtUp;

    public StuckReader(StageContext context, MetadataStore store) {
        this.context = context;
        this.store = store;
    }

    @Override
    public String name() {
        return "stuck files";
    }

    @Override
    public synchronized void start() {
        Properties props = context.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-stuck-files");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        SchemaRegistry registry = context.registry().get();
        Deserializer<StuckFile> values = PlacementTopology.stateSerde(new StateSerdes(registry), StuckFile.class).deserializer();
        consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        running = true;
        thread = new Thread(() -> run(values, registry), "meridian-stuck-files");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the changelog was read up to where it ended when found, or while it does not exist yet. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run(Deserializer<StuckFile> values, SchemaRegistry registry) {
        try (registry) {
            Map<TopicPartition, Long> ends = awaitTopic();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(values, record);
                }
                if (!caughtUp) {
                    ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    caughtUp = ends.isEmpty();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() stops the reader
        } catch (Exception e) {
            LOG.error("Stuck files reader stopped by an unexpected error; stuck files are as read so far", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the changelog once it exists; returns their end offsets. */
    private Map<TopicPartition, Long> awaitTopic() throws InterruptedException {
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                caughtUp = false;
                return new HashMap<>(consumer.endOffsets(partitions));
            }
            caughtUp = true; // nothing stuck anywhere yet: placement has never run
            Thread.sleep(LOOK_AGAIN.toMillis());
        }
        return new HashMap<>();
    }

    private void apply(Deserializer<StuckFile> values, ConsumerRecord<String, byte[]> record) {
        try {
            StuckFile stuck = values.deserialize(record.topic(), record.value());
            if (stuck == null) {
                store.removeStuck(record.key());
            } else {
                store.putStuck(new StuckRow(stuck.path(), stuck.commandId(), stuck.reason(), stuck.attempts(), stuck.since()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipped a stuck-file record that does not decode ({}-{}@{}): {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        ConsumerThread.stop(consumer, thread, Duration.ofSeconds(10));
        thread = null;
    }
}
