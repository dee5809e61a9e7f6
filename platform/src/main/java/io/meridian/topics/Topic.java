package io.meridian.topics;

import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with the serdes of its keys and values, usually from {@link TopicDef#bind}. Every
 * {@code Consumed}, {@code Produced} and {@code Materialized}, and every plain producer and
 * consumer, takes its serdes from one of these, so a topic is never read with the wrong serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** A topic of string keys and Avro values of a generated class; main code binds a {@link TopicCatalog} constant instead. */
    public static <V extends SpecificRecord> Topic<String, V> avro(String name, Class<V> type, SchemaRegistry registry) {
        return new Topic<>(name, Serdes.String(), AvroSerde.specific(type, registry));
    }

    /** How a Streams topology reads this topic. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** How a Streams topology writes this topic. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    /** A record for a plain producer ({@code value} null: a tombstone). */
    public ProducerRecord<K, V> record(K key, V value) {
        return new ProducerRecord<>(name, key, value);
    }

    /** A value read as raw bytes from this topic (null stays null: a tombstone). */
    public V value(byte[] bytes) {
        return bytes == null ? null : valueSerde.deserializer().deserialize(name, bytes);
    }
}
