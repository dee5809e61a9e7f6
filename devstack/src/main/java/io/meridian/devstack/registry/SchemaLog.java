package io.meridian.devstack.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable, totally ordered store: one partition of a compacted topic, tailed by a
 * {@link SchemaLogTailer} that hands every record, in log order, to an applier.
 *
 * <p>Contract: {@link #start()} returns after every record present at start has been applied.
 * {@link #append} returns after the appended record itself has been applied, so the caller can read
 * its effect; {@link #catchUp()} returns after everything written before the call has been applied.
 * Waits are bounded by the timeout given at construction.
 */
final class SchemaLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);

    private final String bootstrapServers;
    private final TopicPartition partition;
    private final Predicate<StoreRecord> applier;
    private final Duration timeout;
    private Admin admin;
    private KafkaProducer<String, String> producer;
    private SchemaLogTailer tailer;

    SchemaLog(String bootstrapServers, String topic, Predicate<StoreRecord> applier, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.partition = new TopicPartition(topic, 0);
        this.applier = applier;
        this.timeout = timeout;
    }

    /** Creates the topic if needed, reads it to its end and keeps tailing it. */
    void start() throws InterruptedException {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        SchemasTopic.ensure(admin, partition.topic(), timeout);
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        tailer = new SchemaLogTailer(bootstrapServers, partition, applier, timeout);
        long end = tailer.start();
        if (!tailer.awaitPosition(end, timeout)) {
            throw new IllegalStateException("could not read the schema topic " + partition + " up to offset " + end
                    + " within " + timeout.toMillis() + " ms: check that the broker is reachable and healthy");
        }
        LOG.info("Schema registry store {} read up to offset {}", partition, end);
    }

    /** Appends a record and waits until the tailer has applied it; returns its offset. */
    long append(StoreRecord record) {
        ProducerRecord<String, String> message = new ProducerRecord<>(partition.topic(), partition.partition(),
                StoreRecordCodec.key(record), StoreRecordCodec.value(record));
        long offset = await(producer.send(message), "writing to " + partition).offset();
        awaitApplied(offset + 1);
        return offset;
    }

    /** Waits until every record written before this call has been applied. */
    void catchUp() {
        var offsets = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition);
        awaitApplied(await(offsets, "reading the end offset of " + partition).offset());
    }

    private void awaitApplied(long position) {
        try {
            if (!tailer.awaitPosition(position, timeout)) {
                throw RegistryErrors.storeTimeout("Timed out after " + timeout.toMillis()
                        + " ms waiting for the schema store " + partition + " to reach offset " + position);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while waiting for the schema store", e);
        }
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("Error while " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeTimeout("Timed out after " + timeout.toMillis() + " ms " + what);
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
    }

    @Override
    public void close() {
        Duration closeTimeout = Duration.ofSeconds(5);
        Optional.ofNullable(tailer).ifPresent(SchemaLogTailer::close);
        Optional.ofNullable(producer).ifPresent(p -> p.close(closeTimeout));
        Optional.ofNullable(admin).ifPresent(a -> a.close(closeTimeout));
    }
}
