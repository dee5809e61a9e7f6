package io.meridian.query.testing;

import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.serde.AvroSerde;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces records as the classifier and the config loader do: string keys, Avro values in the wire format. */
public final class Producers {
    private Producers() {
    }

    public static <V extends SpecificRecord> void send(String bootstrap, String registryUrl, String topic, Class<V> type,
                                                       String key, V value) throws Exception {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var registry = HttpSchemaRegistryClient.of(registryUrl);
             KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(),
                     AvroSerde.specific(type, registry).serializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
