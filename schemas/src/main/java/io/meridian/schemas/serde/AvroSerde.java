package io.meridian.schemas.serde;

import io.meridian.schemas.registry.SchemaRegistry;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and {@link AvroDeserializer} pair in the Confluent wire format, for Kafka
 * Streams {@code Consumed}/{@code Produced}/{@code Materialized} and for {@code default.value.serde}.
 *
 * <p>Built in code with a registry ({@code AvroSerde.specific(FileEvent.class, registry)}), it is a value
 * serde; call {@code configure(Map.of(), true)} to make it a key serde (subject {@code <topic>-key}).
 * Built by class name, {@link #configure} reads {@code schema.registry.url} and the other
 * {@link AvroSerdeConfig} properties. Thread-safe once configured.
 */
public class AvroSerde<T> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** For use by class name: {@link #configure} must be called with {@code schema.registry.url}. */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>());
    }

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A serde of a generated class that registers new schemas. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistry registry) {
        return specific(type, registry, true);
    }

    /** A serde of a generated class; without auto-registration its schema must already be registered. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistry registry,
                                                                   boolean autoRegister) {
        return new AvroSerde<>(new AvroSerializer<>(registry, autoRegister), new AvroDeserializer<>(registry, type));
    }

    /** A serde of GenericRecords, read with the schema they were written with; registers new schemas. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistry registry) {
        return generic(registry, true);
    }

    /** A serde of GenericRecords; without auto-registration their schemas must already be registered. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistry registry, boolean autoRegister) {
        return new AvroSerde<>(new AvroSerializer<>(registry, autoRegister), new AvroDeserializer<>(registry));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
