package io.meridian.schemas.serde;

import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@link org.apache.avro.generic.GenericRecord}s)
 * in the Confluent wire format: magic byte 0, the schema's registry id, the Avro binary encoding.
 *
 * <p>The schema is registered (or, with {@code auto.register.schemas=false}, looked up) under the subject
 * {@code <topic>-value}, or {@code <topic>-key} for a key serializer (Confluent's TopicNameStrategy),
 * once per topic and schema; later records reuse the id. {@code null} serializes to {@code null}
 * (a tombstone).
 *
 * <p>Errors: a value that cannot be encoded, or whose schema is not registered while auto-registration is
 * off, is a {@link SerializationException} naming the topic. A registry that cannot be reached or that
 * refuses the schema raises its {@link io.meridian.schemas.registry.SchemaRegistryException} unchanged:
 * it is not a fault of the record. Thread-safe once configured.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private final ConcurrentMap<TopicSchema, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private volatile SchemaRegistry registry;
    private volatile boolean ownsRegistry;
    private volatile Boolean autoRegister;
    private volatile boolean isKey;

    private record TopicSchema(String topic, Schema schema) {
    }

    /** For use by class name: {@link #configure} must be called with {@code schema.registry.url}. */
    public AvroSerializer() {
    }

    /** A value serializer that registers new schemas in {@code registry}. */
    public AvroSerializer(SchemaRegistry registry) {
        this(registry, true);
    }

    /** A value serializer over {@code registry}; without auto-registration schemas must be registered. */
    public AvroSerializer(SchemaRegistry registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    /**
     * Sets key or value mode; reads the registry and {@code auto.register.schemas} only when they were not
     * given to the constructor.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            AvroSerdeConfig.OwnedRegistry owned = AvroSerdeConfig.registry(configs);
            this.registry = owned.registry();
            this.ownsRegistry = owned.owned();
        }
        if (autoRegister == null) {
            this.autoRegister = AvroSerdeConfig.flag(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        }
    }

    /**
     * A buffer and encoder per thread: a fresh 256-byte stream grew and copied for most records, which
     * showed up in profiles of the watchers' publish path. Serializing never nests, so one per thread is
     * enough; the result is always a copy ({@code toByteArray}).
     */
    private static final class Scratch {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    private static final int MAX_KEPT_SCRATCH = 64 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (!(data instanceof GenericContainer container)) {
            throw new SerializationException("cannot serialize a " + data.getClass().getName() + " for topic "
                    + topic + ": the Avro serializer writes generated Avro classes or GenericRecords only");
        }
        Schema schema = container.getSchema();
        int id = schemaId(topic, schema);
        try {
            Scratch scratch = SCRATCH.get();
            ByteArrayOutputStream out = scratch.out;
            out.reset();
            out.write(WireFormat.header(id));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, scratch.encoder);
            scratch.encoder = encoder;
            writer(data, schema).write(data, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            if (bytes.length > MAX_KEPT_SCRATCH) {
                SCRATCH.remove(); // a rare large record does not pin its buffer to the thread
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            // Avro reports a missing required field as a NullPointerException naming the field.
            throw new SerializationException("cannot serialize a " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + id + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    /** The subject a schema is registered under for a topic: {@code <topic>-key} or {@code <topic>-value}. */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    private int schemaId(String topic, Schema schema) {
        TopicSchema key = new TopicSchema(topic, schema);
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        SchemaRegistry target = requireRegistry(topic);
        String subject = subject(topic);
        int id;
        if (autoRegister == null || autoRegister) {
            id = target.register(subject, schema);
        } else {
            try {
                id = target.lookup(subject, schema).id();
            } catch (NotFoundException e) {
                throw new SerializationException("cannot serialize a " + schema.getFullName() + " for topic "
                        + topic + ": its schema is not registered under subject " + subject + " and "
                        + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false; register it first (POST /subjects/"
                        + subject + "/versions, or one producer with " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                        + "=true) or enable " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + ". Registry: "
                        + e.getMessage(), e);
            }
        }
        ids.put(key, id);
        return id;
    }

    private SchemaRegistry requireRegistry(String topic) {
        SchemaRegistry current = registry;
        if (current == null) {
            throw new SerializationException("Avro serializer for topic " + topic + " has no schema registry: "
                    + "construct it with one or configure " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writer(Object data, Schema schema) {
        if (data instanceof SpecificRecord) {
            // The class's own model carries its logical-type conversions (Instant for timestamp-millis).
            return specificWriters.computeIfAbsent(schema,
                    s -> NullableUnions.specificWriter(s, SpecificData.getForClass(data.getClass())));
        }
        return genericWriters.computeIfAbsent(schema, s -> NullableUnions.genericWriter(s, GenericData.get()));
    }
}
