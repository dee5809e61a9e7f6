package io.meridian.query.api;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an {@link AccessEvent} for every read served by the read path, keyed by logical path,
 * for last-access tracking. Sends asynchronously: a slow broker never delays a read, and a failed
 * send is logged, not retried by hand (the producer already retries).
 */
public final class AccessEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessEvents.class);

    private final KafkaProducer<String, AccessEvent> producer;
    private final SchemaRegistry registry;

    public AccessEvents(Properties kafka, SchemaRegistry registry) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "meridian-read-path");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.registry = registry;
        Topic<String, AccessEvent> topic = TopicCatalog.ACCESS_EVENTS.bind(registry);
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    void record(String path, String silo, long bytes, String reader) {
        AccessEvent event = AccessEvent.newBuilder().setPath(path).setSilo(silo).setBytes(bytes).setReader(reader)
                .setAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(Topics.ACCESS_EVENTS, path, event), (metadata, error) -> {
            if (error != null) {
                LOG.warn("Could not publish the access event of {} to {}: {}", path, Topics.ACCESS_EVENTS, error.getMessage());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        try {
            registry.close();
        } catch (Exception e) {
            LOG.debug("Closing the registry client failed: {}", e.getMessage());
        }
    }
}
