package io.meridian.movers;

import io.meridian.config.SiloConfig;
import io.meridian.metrics.ConsumerLag;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SiloStores;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.TopicCatalog;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of mover workers in consumer group {@value #GROUP} on {@code meridian.move-commands}. Any
 * number of these may run in any number of processes; any one may die at any time. Start opens a
 * store per configured silo and starts the workers and the maintenance thread (leftover sweep at
 * start and then periodically, metrics); close lets running commands finish within the settings'
 * shutdown bound and abandons the rest (their writes are aborted, their commands redelivered).
 */
public final class MoverStage implements Stage {
    public static final String GROUP = "meridian-movers";
    private static final Logger LOG = LoggerFactory.getLogger(MoverStage.class);

    private final StageContext context;
    private final MoverSettings settings;
    private final MoverMetrics metrics;
    private final Map<String, SiloStore> stores = new LinkedHashMap<>();
    private final List<MoverWorker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
    private CapacityLedger ledger;
    private SchemaRegistry registry;
    private KafkaProducer<String, byte[]> producer;
    private DeadLetters deadLetters;
    private Maintenance maintenance;
    private boolean closed;

    /** Registers the movers' meters ({@link MoverMetrics}, consumer lag) on the context's registry. */
    public MoverStage(StageContext context, MoverSettings settings) {
        this.context = context;
        this.settings = settings;
        this.metrics = new MoverMetrics(context.metrics().registry(), context.config().silos().stream().map(SiloConfig::id).toList());
        ConsumerLag.register(context.metrics().registry(), "meridian.mover", "movers", this::consumerMetrics);
    }

    /** The Kafka metrics of every worker's consumer (empty before start and after close). */
    private Map<MetricName, Metric> consumerMetrics() {
        Map<MetricName, Metric> all = new HashMap<>();
        workers.forEach(worker -> all.putAll(worker.consumerMetrics()));
        return all;
    }

    @Override
    public String name() {
        return "movers (" + settings.workers() + " workers)";
    }

    public MoverMetrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void start() {
        Map<String, Long> capacity = new HashMap<>();
        for (SiloConfig silo : context.config().silos()) {
            stores.put(silo.id(), SiloStores.open(silo, context.embeddedS3().orElse(null), settings.partSize(), settings.parallelParts()));
            capacity.put(silo.id(), silo.capacityBytes());
        }
        ledger = new CapacityLedger(capacity);
        registry = context.registry().get();
        producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = new DeadLetters(context.kafkaProperties(), "movers");
        maintenance = new Maintenance(stores, ledger, metrics, settings);
        maintenance.start();
        ResultPublisher publisher = new ResultPublisher(producer,
                TopicCatalog.MOVE_RESULTS.bind(registry).valueSerde().serializer(),
                TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer());
        InstanceEvents events = new InstanceEvents();
        String process = ManagementFactory.getRuntimeMXBean().getName();
        for (int i = 0; i < settings.workers(); i++) {
            String id = "mover-" + process + "-" + i;
            CopyEngine engine = new CopyEngine(settings.bufferSize(), ledger, this::throttle);
            MoveExecutor executor = new MoveExecutor(context.config(), stores, engine, ledger, events, publisher);
            MoverWorker worker = new MoverWorker(id, context.kafkaProperties(), settings,
                    TopicCatalog.MOVE_COMMANDS.bind(registry).valueSerde().deserializer(), executor, publisher, deadLetters, metrics);
            Thread thread = new Thread(worker, id);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        LOG.info("Movers started: {} workers in group {} over silos {}", settings.workers(), GROUP, stores.keySet());
    }

    private Throttle throttle(String silo) {
        Long rate = settings.bandwidth().get(silo);
        return rate == null ? Throttle.UNLIMITED : throttles.computeIfAbsent(silo, s -> new Throttle(rate));
    }

    private Properties producerProperties() {
        Properties props = context.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        return props;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(MoverWorker::stop);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread thread : threads) {
            joinUntil(thread, deadline);
        }
        if (maintenance != null) {
            maintenance.close();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        workers.clear();
        stores.values().forEach(SiloStore::close);
        if (registry != null) {
            registry.close();
        }
        LOG.info("Movers stopped: {}", metrics.summary());
    }

    /** Waits for a worker until the deadline, then interrupts it: its write is aborted, its command redelivered. */
    private static void joinUntil(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                LOG.warn("Worker {} did not finish within the shutdown bound; abandoning its command", thread.getName());
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
