package io.meridian.watchers.publish;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes FileEvents to {@code meridian.file-events} with an idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}), keyed by logical path so that the events of one file stay in
 * order on one partition. Values are Avro in the Confluent wire format. Batching defaults suit scans
 * (linger 20 ms, 256 KiB batches); compression and any other producer setting come from the config's
 * {@code kafka.properties}. Thread-safe.
 */
public final class KafkaEventSink implements EventSink {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, FileEvent> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();

    public KafkaEventSink(Properties kafka, Topic<String, FileEvent> topic) {
        Serializer<FileEvent> values = topic.valueSerde().serializer();
        values.configure(Map.of(), false);
        this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), values);
        this.topic = topic.name();
    }

    /** A sink on {@code meridian.file-events}. */
    public static KafkaEventSink fileEvents(Properties kafka, SchemaRegistry registry) {
        return new KafkaEventSink(kafka, TopicCatalog.FILE_EVENTS.bind(registry));
    }

    static Properties producerProperties(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return props;
    }

    @Override
    public void publish(FileEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getPath(), event), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception error = failure.getAndSet(null);
        if (error != null) {
            throw new KafkaException("publishing to " + topic + " failed: " + error.getMessage(), error);
        }
    }

    /** Events the broker has acknowledged since this sink was created. */
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
