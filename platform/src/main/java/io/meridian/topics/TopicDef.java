package io.meridian.topics;

import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Meridian topic as a typed constant: its name, key and value types, cleanup policy and
 * retention. The bootstrap list ({@link #spec}), the Streams serdes and the serializers of plain
 * producers and consumers ({@link #bind}) all come from it, so a topic's name is never paired with
 * a class by hand. Immutable; the constants are in {@link TopicCatalog}.
 *
 * @param <K> the key type: String (path, silo id, policy name, request id) unless the topic is raw
 * @param <V> the value type: a generated Avro class, or {@code byte[]} for raw topics
 */
public final class TopicDef<K, V> {
    private final TopicSpec spec;
    private final Supplier<Serde<K>> keySerde;
    private final BiFunction<SchemaRegistry, Boolean, Serde<V>> valueSerde;

    private TopicDef(TopicSpec spec, Supplier<Serde<K>> keySerde, BiFunction<SchemaRegistry, Boolean, Serde<V>> valueSerde) {
        this.spec = spec;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    /** A log of {@code type} events keyed by string, deleted after {@code retention}. */
    public static <V extends SpecificRecord> TopicDef<String, V> events(String name, Class<V> type, Duration retention) {
        return avro(TopicSpec.events(name, retention, schemaOf(type)), type);
    }

    /** A compacted table of {@code type} keyed by string: the last value per key is kept, tombstones remove keys. */
    public static <V extends SpecificRecord> TopicDef<String, V> table(String name, Class<V> type) {
        return avro(TopicSpec.compacted(name, schemaOf(type)), type);
    }

    /** A log of raw bytes with no registered schema (dead letters, the watcher leases), deleted after {@code retention}. */
    public static TopicDef<byte[], byte[]> raw(String name, Duration retention) {
        return new TopicDef<>(TopicSpec.events(name, retention, null), Serdes::ByteArray, (registry, register) -> Serdes.ByteArray());
    }

    private static <V extends SpecificRecord> TopicDef<String, V> avro(TopicSpec spec, Class<V> type) {
        return new TopicDef<>(spec, Serdes::String, (registry, register) -> AvroSerde.specific(type, registry, register));
    }

    private static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }

    public String name() {
        return spec.name();
    }

    /** How the topic is created, and the schema registered for its values. */
    public TopicSpec spec() {
        return spec;
    }

    /** The topic with serdes on {@code registry}; its serializer registers a schema it does not find. */
    public Topic<K, V> bind(SchemaRegistry registry) {
        return new Topic<>(name(), keySerde.get(), valueSerde.apply(registry, true));
    }

    /**
     * The topic with serdes on {@code registry} that never register a schema: for readers, and for
     * writers of topics whose schemas {@code meridian init} has registered.
     */
    public Topic<K, V> bindWithoutRegistering(SchemaRegistry registry) {
        return new Topic<>(name(), keySerde.get(), valueSerde.apply(registry, false));
    }

    @Override
    public String toString() {
        return name();
    }
}
