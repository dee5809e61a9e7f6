package io.meridian.topics;

import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with the serdes of its keys and values. Every {@code Consumed}, {@code Produced} and
 * {@code Materialized} takes its serdes from one of these, so a topic is never read with the
 * wrong serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** A Meridian topic: string keys (path, silo id, policy name...) and Avro values of a generated class. */
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
}
