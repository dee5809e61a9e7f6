package io.meridian.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values. Every {@code Consumed}, {@code Produced} and
 * {@code Materialized} takes its serdes from one of these, so a topic is never read with the
 * wrong serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
