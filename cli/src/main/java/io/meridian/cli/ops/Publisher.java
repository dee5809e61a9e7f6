package io.meridian.cli.ops;

import io.meridian.stage.Stage;
import io.meridian.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The process's one producer for the records operators publish (tag commands, policies, staging
 * requests, silo states): idempotent, {@code acks=all}, created on the first publish (or at
 * {@link #start}) and closed with the process. Every publish waits for the broker's acknowledgement,
 * so a caller that returns has its record on the topic. Thread-safe.
 */
public final class Publisher implements Stage {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Properties kafka;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    public Publisher(Properties kafka) {
        this.kafka = new Properties();
        this.kafka.putAll(kafka);
        this.kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        this.kafka.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    }

    @Override
    public String name() {
        return "operations publisher";
    }

    @Override
    public void start() {
        producer();
    }

    /** Sends one record (a tombstone when {@code value} is null) and waits for its acknowledgement. */
    public <V> RecordMetadata publish(Topic<String, V> topic, String key, V value) {
        return publishAll(topic, value == null ? nullList() : List.of(value), v -> key).get(0);
    }

    /** Sends {@code values} keyed by {@code key}, in order, and waits until the broker acknowledged all of them. */
    public <V> List<RecordMetadata> publishAll(Topic<String, V> topic, List<V> values, Function<V, String> key) {
        KafkaProducer<byte[], byte[]> producer = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (V value : values) {
            String k = key.apply(value);
            sent.add(producer.send(new ProducerRecord<>(topic.name(),
                    topic.keySerde().serializer().serialize(topic.name(), k),
                    value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value))));
        }
        List<RecordMetadata> acknowledged = new ArrayList<>();
        try {
            for (Future<RecordMetadata> future : sent) {
                acknowledged.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka within " + TIMEOUT.toSeconds()
                    + " s while publishing to " + topic.name() + "; is 'meridian up' running?", e);
        }
        return acknowledged;
    }

    private static <V> List<V> nullList() {
        List<V> tombstone = new ArrayList<>();
        tombstone.add(null);
        return tombstone;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("the process is stopping; nothing more is published");
        }
        if (producer == null) {
            producer = new KafkaProducer<>(kafka, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
