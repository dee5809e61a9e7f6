package io.meridian.movers;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.registry.SchemaRegistryException;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread: one consumer in group {@value MoverStage#GROUP}, one command at a time. The
 * offset of a command is committed only after its result (and its FileEvents) are acknowledged, so
 * a worker that dies leaves the command to be redelivered, and redelivery is a no-op success
 * (ALREADY_PRESENT) when the work was done. Unreadable records go to the dead-letter topic.
 */
final class MoverWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MoverWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long REPORT_RETRY_MILLIS = 1_000;

    private final String id;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<MoveCommand> commands;
    private final MoveExecutor executor;
    private final ResultPublisher publisher;
    private final DeadLetters deadLetters;
    private final MoverMetrics metrics;
    private volatile boolean running = true;

    MoverWorker(String id, Properties kafka, MoverSettings settings, Deserializer<MoveCommand> commands,
                MoveExecutor executor, ResultPublisher publisher, DeadLetters deadLetters, MoverMetrics metrics) {
        this.id = id;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, id, settings), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.commands = commands;
        this.executor = executor;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    private static Properties consumerProperties(Properties kafka, String id, MoverSettings settings) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MoverStage.GROUP);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One command per poll: a long copy never holds other commands hostage in this worker's buffer.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(settings.maxPollInterval().toMillis()));
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(settings.sessionTimeout().toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, settings.sessionTimeout().toMillis() / 4)));
        return props;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.MOVE_COMMANDS));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (!running || !handle(record)) {
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked this worker to stop
        } catch (RuntimeException e) {
            LOG.error("Mover worker {} stopped: {}", id, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Handles one record; false when the worker must stop without committing it. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        MoveCommand command;
        try {
            command = decode(record);
        } catch (InterruptedIOException e) {
            return false; // stopping while the registry was unreachable: the command is read again
        } catch (RuntimeException e) {
            deadLetters.send(record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    record.value(), record.headers(), record.topic(), record.partition(), record.offset(), e);
            commit(record);
            return true;
        }
        long start = System.nanoTime();
        MDCLog.started(id, record, command);
        try {
            MoveOutcome outcome = execute(command, record);
            long millis = (System.nanoTime() - start) / 1_000_000;
            report(command, outcome, millis, record);
            metrics.recorded(command, outcome);
            MDCLog.finished(id, record, command, outcome, millis);
            commit(record);
            return true;
        } catch (InterruptedIOException e) {
            LOG.info("Worker {} abandoned {} {} at {}-{}@{}: shutting down; it will be redelivered", id, command.getOp(),
                    command.getPath(), record.topic(), record.partition(), record.offset());
            return false;
        }
    }

    /**
     * Decodes a command, waiting out a schema registry that cannot be reached or fails (a broker
     * restart can make the embedded one time out) instead of dead-lettering a good command or stopping
     * the worker; a command the registry answers for but cannot decode goes to the dead letters.
     */
    private MoveCommand decode(ConsumerRecord<String, byte[]> record) throws InterruptedIOException {
        while (true) {
            try {
                return commands.deserialize(record.topic(), record.headers(), record.value());
            } catch (SchemaRegistryException e) {
                if (!passes(e)) {
                    throw e;
                }
                if (!running) {
                    throw new InterruptedIOException("stopping");
                }
                LOG.warn("Worker {} cannot decode {}-{}@{} while the schema registry fails, retrying: {}", id,
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                pause();
            }
        }
    }

    /**
     * Runs a command, running it again while the schema registry fails in a way that passes (its
     * instance events cannot be encoded): a copy is committed atomically and idempotently, so running it
     * again is what a redelivery does. Reporting a failure instead had placement issue the command again
     * while this one was still held, and the same command ended with both a failure and a success.
     */
    private MoveOutcome execute(MoveCommand command, ConsumerRecord<String, byte[]> record) throws InterruptedIOException {
        while (true) {
            try {
                return executor.execute(command);
            } catch (SchemaRegistryException e) {
                if (!running) {
                    throw new InterruptedIOException("stopping");
                }
                LOG.warn("Worker {} runs {} at {}-{}@{} again once the schema registry answers: {}", id, command.getCommandId(),
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                pause();
            }
        }
    }

    /** A registry failure that passes: not reached, or a server error. */
    static boolean passes(SchemaRegistryException e) {
        return e.httpStatus() == 0 || e.httpStatus() >= 500;
    }

    /** Retries the report until it is acknowledged: the offset must not move before it. */
    private void report(MoveCommand command, MoveOutcome outcome, long millis, ConsumerRecord<String, byte[]> record)
            throws InterruptedIOException {
        while (true) {
            try {
                publisher.publish(command, outcome, id, millis);
                return;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                LOG.warn("Worker {} cannot report {} at {}-{}@{}, retrying: {}", id, command.getCommandId(),
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                pause();
            } catch (SchemaRegistryException e) {
                if (!passes(e)) {
                    throw e;
                }
                LOG.warn("Worker {} cannot report {} at {}-{}@{} while the schema registry fails, retrying: {}", id,
                        command.getCommandId(), record.topic(), record.partition(), record.offset(), e.getMessage());
                pause();
            }
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(REPORT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reporting");
        }
    }

    private void commit(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(tp, new OffsetAndMetadata(record.offset() + 1));
        try {
            try {
                consumer.commitSync(offset);
            } catch (WakeupException stopping) {
                // close() woke the consumer while the command ran: its result is out, so commit it still
                consumer.commitSync(offset);
            }
            metrics.lag(consumer.currentLag(tp).orElse(0));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partition moved to another worker, which redoes the command: a no-op success
            LOG.info("Worker {} could not commit {}-{}@{} after a rebalance: {}", id, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /** The Kafka metrics of this worker's consumer (records-lag per partition among them). */
    Map<MetricName, ? extends Metric> consumerMetrics() {
        return consumer.metrics();
    }

    /** Asks the worker to stop after the current command. */
    void stop() {
        running = false;
        consumer.wakeup();
    }
}
