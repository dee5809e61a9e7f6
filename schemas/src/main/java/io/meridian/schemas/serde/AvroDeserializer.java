package io.meridian.schemas.serde;

import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads values in the Confluent wire format. The writer schema comes from the registry by the id in the
 * header and is resolved against the reader's schema, so data written with an older (BACKWARD-compatible)
 * schema reads into the current generated class.
 *
 * <p>What it returns: with a specific class (constructor, or {@code meridian.avro.specific.class}) an
 * instance of that class; with {@code specific.avro.reader=true} the generated class named by the writer
 * schema, found through {@link SpecificData}; otherwise a {@link org.apache.avro.generic.GenericRecord} of
 * the writer schema. {@code null} bytes give {@code null} (a tombstone).
 *
 * <p>Errors: bytes that are not a readable record of a known schema (wrong magic byte, too short, unknown
 * id, undecodable) are a {@link SerializationException} naming the topic, which a Streams deserialization
 * handler routes to the dead-letter topic. A registry that cannot be reached raises its
 * {@link io.meridian.schemas.registry.SchemaRegistryException} unchanged, since the record is not at
 * fault and must not be dead-lettered. Thread-safe once configured.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private final ConcurrentMap<Integer, Decoding<T>> decodings = new ConcurrentHashMap<>();
    private volatile SchemaRegistry registry;
    private volatile boolean ownsRegistry;
    private volatile Class<?> specificClass;
    private volatile boolean specificByName;

    /** How records written with one schema id are read. */
    private record Decoding<T>(Schema writer, DatumReader<T> reader) {
    }

    /** For use by class name: {@link #configure} must be called with {@code schema.registry.url}. */
    public AvroDeserializer() {
    }

    /** A deserializer that returns GenericRecords of the writer schema. */
    public AvroDeserializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** A deserializer that returns instances of a generated class, resolving older writer schemas. */
    public AvroDeserializer(SchemaRegistry registry, Class<T> specificClass) {
        this.registry = registry;
        this.specificClass = requireSpecific(specificClass);
    }

    /** Reads the registry and the reader class only when they were not given to the constructor. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            AvroSerdeConfig.OwnedRegistry owned = AvroSerdeConfig.registry(configs);
            this.registry = owned.registry();
            this.ownsRegistry = owned.owned();
        }
        if (specificClass == null) {
            Class<?> configured = AvroSerdeConfig.specificClass(configs);
            this.specificClass = configured == null ? null : requireSpecific(configured);
            this.specificByName = AvroSerdeConfig.flag(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        Decoding<T> decoding = decoding(topic, id);
        try {
            // Avro allocates a string, bytes or array by the length it reads before reading the content,
            // so garbage claiming 2 GB would exhaust the heap. Skipping first checks every length against
            // the bytes really there, without allocating.
            GenericDatumReader.skip(decoding.writer(), decoder(data));
            return decoding.reader().read(null, decoder(data));
        } catch (IOException | RuntimeException e) {
            // Garbage after a valid header fails in many ways (EOF, negative lengths, bad union index).
            throw new SerializationException("cannot decode record on topic " + topic + " written with schema id "
                    + id + " (" + data.length + " bytes): " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    private static BinaryDecoder decoder(byte[] data) {
        return DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
    }

    private Decoding<T> decoding(String topic, int id) {
        Decoding<T> known = decodings.get(id);
        if (known != null) {
            return known;
        }
        // Built outside the map's lock: it may call the registry over the network.
        Decoding<T> created = newDecoding(topic, id);
        Decoding<T> raced = decodings.putIfAbsent(id, created);
        return raced == null ? created : raced;
    }

    private Decoding<T> newDecoding(String topic, int id) {
        Schema writer = writerSchema(topic, id);
        Class<?> target = specificClass != null ? specificClass : specificByName ? classFor(topic, id, writer) : null;
        if (target == null) {
            return new Decoding<>(writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
        }
        SpecificData model = SpecificData.getForClass(target);
        return new Decoding<>(writer, new SpecificDatumReader<>(writer, model.getSchema(target), model));
    }

    private Schema writerSchema(String topic, int id) {
        SchemaRegistry current = registry;
        if (current == null) {
            throw new SerializationException("Avro deserializer for topic " + topic + " has no schema registry: "
                    + "construct it with one or configure " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        try {
            return current.schemaById(id);
        } catch (NotFoundException e) {
            throw new SerializationException("record on topic " + topic + " names schema id " + id
                    + ", which the registry does not know: " + e.getMessage(), e);
        }
    }

    private static Class<?> classFor(String topic, int id, Schema writer) {
        Class<?> found = SpecificData.get().getClass(writer);
        if (found == null || !SpecificRecord.class.isAssignableFrom(found)) {
            throw new SerializationException("record on topic " + topic + " has schema id " + id + " ("
                    + writer.getFullName() + ") but no generated class of that name is on the classpath; add the "
                    + "jar that holds it, set " + AvroSerdeConfig.SPECIFIC_CLASS + ", or read generically with "
                    + AvroSerdeConfig.SPECIFIC_AVRO_READER + "=false");
        }
        return found;
    }

    private static Class<?> requireSpecific(Class<?> type) {
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro class (SpecificRecord); "
                    + "use a generic deserializer for GenericRecords");
        }
        return type;
    }
}
