package io.meridian.watchers.view;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.ConsumerThread;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers' copy of the global view: the instances {@code meridian.metadata} holds for the silos
 * this process watches, one {@link SiloView} per silo. One consumer without a group is assigned every
 * partition and reads from the beginning (the topic is compacted: the last record of a path is its
 * current record, a tombstone removes it). Memory is one small entry per instance of a watched silo,
 * about what the watchers' checkpoints hold already.
 *
 * <p>"Caught up" is exact: the consumer thread asks the broker for the end offsets, and once it has
 * read up to them, everything the topic held when it asked is in the mirror. It does so every
 * {@value #SYNC_MILLIS} ms, and at once when a watcher waits for it. A record that does not decode is
 * logged and skipped; it never stops the mirror.
 */
public final class ViewMirror implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(ViewMirror.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long SYNC_MILLIS = 500;

    private final Properties kafka;
    private final Supplier<SchemaRegistry> registries;
    private final Map<String, ConcurrentSkipListMap<String, HeldInstance>> silos = new HashMap<>();
    private final Object synced = new Object();
    private volatile boolean everSynced;
    private volatile long syncedAt;
    private volatile long wantedSince;
    private volatile boolean wanted;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** A mirror of the instances of {@code siloIds} in the view of the cluster {@code kafka} points to. */
    public ViewMirror(Properties kafka, Supplier<SchemaRegistry> registries, Collection<String> siloIds) {
        this.kafka = kafka;
        this.registries = registries;
        siloIds.forEach(id -> silos.put(id, new ConcurrentSkipListMap<>()));
    }

    public static ViewMirror of(StageContext context, Collection<String> siloIds) {
        return new ViewMirror(context.kafkaProperties(), context.registry(), siloIds);
    }

    @Override
    public String name() {
        return "view mirror";
    }

    /** The view of one silo this mirror follows. */
    public SiloView silo(String id) {
        ConcurrentSkipListMap<String, HeldInstance> held = silos.get(id);
        if (held == null) {
            throw new IllegalArgumentException("the view mirror does not follow silo " + id + "; it follows " + silos.keySet());
        }
        return new Held(held);
    }

    @Override
    public synchronized void start() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-view-mirror");
        KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = created.partitionsFor(Topics.METADATA, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            created.assign(partitions);
            created.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw new IllegalStateException("the watchers cannot read " + Topics.METADATA + " (" + e.getMessage()
                    + "); run meridian init to create the topics", e);
        }
        consumer = created;
        running = true;
        thread = new Thread(this::run, "meridian-view-mirror");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (SchemaRegistry registry = registries.get()) {
            Topic<String, FileRecord> metadata = TopicCatalog.METADATA.bindWithoutRegistering(registry);
            Map<TopicPartition, Long> target = null;
            long targetAt = 0;
            long nextSync = System.nanoTime();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record, metadata);
                }
                long now = System.nanoTime();
                if (target == null && (now - nextSync >= 0 || wanted)) {
                    targetAt = now;
                    target = endOffsets();
                }
                if (target != null && reached(target)) {
                    target = null;
                    synced(targetAt);
                    nextSync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_MILLIS);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop
        } catch (RuntimeException e) {
            LOG.error("The watchers' view mirror stopped: {}; full scans retire nothing until a restart", e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Map<TopicPartition, Long> endOffsets() {
        try {
            return new HashMap<>(consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5)));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("View mirror: end offsets not available ({}); trying again", e.getMessage());
            return null;
        }
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        target.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return target.isEmpty();
    }

    private void synced(long at) {
        synchronized (synced) {
            syncedAt = at;
            everSynced = true;
            if (wanted && at - wantedSince >= 0) {
                wanted = false;
            }
            synced.notifyAll();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, Topic<String, FileRecord> metadata) {
        if (record.key() == null) {
            return;
        }
        String path = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            silos.values().forEach(held -> held.remove(path));
            return;
        }
        FileRecord file;
        try {
            file = metadata.value(record.value());
        } catch (RuntimeException e) {
            LOG.warn("View mirror skipped a record it cannot decode ({}-{}@{}): {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        silos.forEach((silo, held) -> {
            Instance instance = instanceOf(file, silo);
            if (instance == null) {
                held.remove(path);
            } else {
                held.put(path, new HeldInstance(instance.getSequencer(), instance.getSize(), instance.getEtag(),
                        instance.getMtime().toEpochMilli()));
            }
        });
    }

    private static Instance instanceOf(FileRecord file, String silo) {
        for (Instance instance : file.getInstances()) {
            if (instance.getSilo().equals(silo)
                    && (instance.getState() == InstanceState.PRESENT || instance.getState() == InstanceState.STALE)) {
                return instance;
            }
        }
        return null;
    }

    private boolean caughtUpSince(long nanoTime) {
        return everSynced && syncedAt - nanoTime >= 0;
    }

    private boolean awaitCaughtUp(long nanoTime, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (synced) {
            while (!caughtUpSince(nanoTime)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                if (!wanted || nanoTime - wantedSince > 0) {
                    wantedSince = nanoTime;
                }
                wanted = true;
                TimeUnit.NANOSECONDS.timedWait(synced, left);
            }
            return true;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        ConsumerThread.stop(consumer, thread, Duration.ofSeconds(10));
        thread = null;
        synchronized (synced) {
            synced.notifyAll();
        }
    }

    /** The view of one silo, backed by the mirror's map for it. */
    private final class Held implements SiloView {
        private final ConcurrentSkipListMap<String, HeldInstance> held;

        Held(ConcurrentSkipListMap<String, HeldInstance> held) {
            this.held = held;
        }

        @Override
        public HeldInstance get(String path) {
            return held.get(path);
        }

        @Override
        public void forEachUnder(String prefix, BiConsumer<String, HeldInstance> action) {
            for (Map.Entry<String, HeldInstance> entry : held.tailMap(prefix, true).entrySet()) {
                if (!entry.getKey().startsWith(prefix)) {
                    return;
                }
                action.accept(entry.getKey(), entry.getValue());
            }
        }

        @Override
        public boolean caughtUpSince(long nanoTime) {
            return ViewMirror.this.caughtUpSince(nanoTime);
        }

        @Override
        public boolean awaitCaughtUp(long nanoTime, Duration timeout) throws InterruptedException {
            return ViewMirror.this.awaitCaughtUp(nanoTime, timeout);
        }
    }
}
