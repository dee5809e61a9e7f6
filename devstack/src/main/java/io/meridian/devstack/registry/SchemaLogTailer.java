package io.meridian.devstack.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that reads one partition from its beginning, forever, and applies each decodable record in
 * offset order (the applier answers false when the record lost a conflict). Unreadable records are logged with their offset and skipped; they never stop it.
 *
 * <p>{@link #awaitPosition} lets other threads wait until everything before an offset is applied.
 */
final class SchemaLogTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLogTailer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final long RETRY_DELAY_MS = 1_000;
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private final TopicPartition partition;
    private final Predicate<StoreRecord> applier;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Object progress = new Object();
    private long position;
    private volatile boolean running = true;

    SchemaLogTailer(String bootstrapServers, TopicPartition partition, Predicate<StoreRecord> applier,
            Duration timeout) {
        this.partition = partition;
        this.applier = applier;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::run, "meridian-registry-tailer-" + partition);
        thread.setDaemon(true);
    }

    /** Starts tailing from the beginning; returns the partition's end offset at start. */
    long start() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(Set.of(partition)).get(partition);
        // From here on only the tailer thread touches the consumer.
        thread.start();
        return end;
    }

    /** Waits until every record below {@code target} has been applied; false on timeout. */
    boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position < target) {
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0 || !thread.isAlive()) {
                    return false;
                }
                progress.wait(remainingMs);
            }
            return true;
        }
    }

    private void run() {
        try {
            while (running) {
                pollOnce();
            }
        } finally {
            // No group and no offsets to commit: nothing is lost by not waiting for an in-flight fetch,
            // which the broker may hold for fetch.max.wait.ms.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL_TIMEOUT)) {
                applyOne(record);
            }
            advanceTo(consumer.position(partition));
        } catch (WakeupException e) {
            if (running) {
                LOG.debug("Tailer of {} woken up while running; continuing", partition);
            }
        } catch (RuntimeException e) {
            LOG.warn("Reading the schema store {} failed; retrying in {} ms", partition, RETRY_DELAY_MS, e);
            pauseBeforeRetry();
        }
    }

    private void applyOne(ConsumerRecord<String, String> record) {
        try {
            StoreRecordCodec.decode(record.key(), record.value()).ifPresent(decoded -> {
                if (!applier.test(decoded)) {
                    LOG.debug("Schema store record at {} offset {} lost a conflict and was ignored", partition,
                            record.offset());
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping unreadable schema store record at {} offset {}: {}", partition, record.offset(),
                    e.getMessage());
        }
    }

    private void advanceTo(long newPosition) {
        synchronized (progress) {
            if (newPosition > position) {
                position = newPosition;
                progress.notifyAll();
            }
        }
    }

    private void pauseBeforeRetry() {
        try {
            Thread.sleep(RETRY_DELAY_MS);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
