package io.meridian.query.api;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads meridian.access-events from the beginning until an event matches. */
final class AccessEventsReader {
    private AccessEventsReader() {
    }

    static AccessEvent awaitOne(String bootstrap, String registryUrl, Predicate<AccessEvent> match, Duration timeout) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var registry = HttpSchemaRegistryClient.of(registryUrl);
             KafkaConsumer<String, AccessEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                     AvroSerde.specific(AccessEvent.class, registry).deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.ACCESS_EVENTS).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AccessEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record.value())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no matching access event within " + timeout);
    }
}
