package io.meridian.watchers.lease;

import io.meridian.stage.ConsumerThread;
import io.meridian.stage.Stage;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the watcher of one silo only while this process holds the silo's lease, so that however many
 * replicas of {@code watch} (or {@code up}) run, exactly one live watcher publishes a silo's changes.
 *
 * <p>The lease is Kafka's group membership: every process that may watch silo S has one consumer in
 * the group {@code meridian-watcher.S} subscribed to {@value Topics#WATCHER_LEASES}, and the member
 * assigned partition 0 holds the lease. The group coordinator gives a partition to one member at a
 * time, takes it back before it gives it to another (the holder's watcher stops and commits first),
 * and gives it to a survivor once a holder stops heartbeating ({@link #SESSION_TIMEOUT}). Each lease
 * term runs a new watcher from {@code watchers}: it resumes from the local checkpoint when this host
 * has one, and its first full scan or listing makes the global view equal to storage either way
 * ({@link io.meridian.watchers.checkpoint.ChangeTracker}): the view is the shared state a takeover
 * resumes from. A watcher that cannot start (its root not mounted here, say) is retried every
 * {@link #RETRY}.
 */
public final class SiloLease implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(SiloLease.class);
    /** How long a holder that stopped heartbeating keeps the lease before a survivor takes over. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final TopicPartition LEASE = new TopicPartition(Topics.WATCHER_LEASES, 0);

    private final Properties kafka;
    private final String silo;
    private final String name;
    private final Supplier<Stage> watchers;
    private volatile boolean running;
    private volatile boolean holding;
    private volatile Stage watcher;
    private long nextAttempt;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name     the name of the watcher it runs, e.g. "posix watcher nas"
     * @param watchers makes a new, unstarted watcher of the silo for each lease term
     */
    public SiloLease(Properties kafka, String silo, String name, Supplier<Stage> watchers) {
        this.kafka = kafka;
        this.silo = silo;
        this.name = name;
        this.watchers = watchers;
    }

    /** The consumer group whose partition-0 holder watches {@code silo}. */
    public static String group(String silo) {
        return "meridian-watcher." + silo;
    }

    @Override
    public String name() {
        return name;
    }

    public String silo() {
        return silo;
    }

    /** The watcher running in this process, while it holds the lease. */
    public Optional<Stage> watcher() {
        return Optional.ofNullable(watcher);
    }

    /** Whether this process holds the lease of the silo now. */
    public boolean holding() {
        return holding;
    }

    @Override
    public synchronized void start() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group(silo));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-watch-lease-" + silo);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(SESSION_TIMEOUT.toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(SESSION_TIMEOUT.toMillis() / 4));
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.WATCHER_LEASES), new Listener());
        running = true;
        thread = new Thread(this::run, "meridian-watch-lease-" + silo);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(POLL); // heartbeats, and runs the listener on the poll thread
                if (holding && watcher == null && System.nanoTime() - nextAttempt >= 0) {
                    startWatcher();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop
        } catch (RuntimeException e) {
            LOG.error("The watch lease of silo {} failed: {}; its watcher stops here", silo, e.getMessage(), e);
        } finally {
            stopWatcher("this process stops");
            consumer.close(Duration.ofSeconds(5)); // leaves the group: a survivor takes over at once
        }
    }

    private void startWatcher() {
        Stage next = watchers.get();
        try {
            next.start();
            watcher = next;
            LOG.info("Silo {}: this process holds the watch lease; {} started", silo, name);
        } catch (Exception e) {
            next.close();
            nextAttempt = System.nanoTime() + RETRY.toNanos();
            LOG.error("Silo {}: this process holds the watch lease but {} cannot start ({}); retrying in {} s",
                    silo, name, e.getMessage(), RETRY.toSeconds());
        }
    }

    private void stopWatcher(String why) {
        Stage current = watcher;
        watcher = null;
        if (current != null) {
            LOG.info("Silo {}: {} stops ({})", silo, name, why);
            current.close();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        ConsumerThread.stop(consumer, thread, Duration.ofSeconds(30));
        thread = null;
    }

    /** Starts and stops the watcher as the lease partition comes and goes; runs on the poll thread. */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(LEASE)) {
                holding = true;
                nextAttempt = System.nanoTime();
                startWatcher();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(LEASE)) {
                holding = false;
                stopWatcher("the lease moved to another process");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.contains(LEASE)) {
                holding = false;
                stopWatcher("the lease was lost: this process missed its heartbeats");
            }
        }
    }
}
