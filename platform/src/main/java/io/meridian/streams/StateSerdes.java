package io.meridian.streams;

import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde of a Streams app's own state: store values and internal (repartition) topics. Values
 * are Avro in the registry's wire format, their schema registered under {@code <topic>-value} of the
 * changelog or repartition topic Streams names, so state written by an older build reads into the
 * current schema by Avro schema resolution, as public topics do (add a field with a default; a Java
 * record's reference components default to null, see {@link RecordAvro}).
 *
 * <p>State written before this serde existed has no header and still reads, through a {@code legacy}
 * deserializer given per value type: plain Avro binary of the build's schema ({@link #plainBinary})
 * or JSON. It is told apart by its first byte: the wire format starts with the magic byte 0 and is at
 * least 5 bytes, while a legacy value is either shorter (an empty map) or starts with a non-empty
 * string's length or '{'. Thread-safe.
 */
public final class StateSerdes {
    private final SchemaRegistry registry;

    public StateSerdes(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** A serde of a generated Avro class; state written as plain binary of its schema still reads. */
    public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return specific(SpecificData.get().getSchema(type));
    }

    /** A serde of maps of string to {@code values}' class (Java strings, not Avro's Utf8). */
    public <T extends SpecificRecord> Serde<Map<String, T>> mapOf(Class<T> values) {
        return specific(map(SpecificData.get().getSchema(values)));
    }

    /** A serde of maps of string to string (Java strings, not Avro's Utf8). */
    public Serde<Map<String, String>> stringMap() {
        return specific(map(javaString()));
    }

    /**
     * A serde of a Java record (schema: {@link RecordAvro}); {@code legacy} reads values written
     * before, in the format they were written in (null: there are none).
     */
    public <T extends Record> Serde<T> record(Class<T> type, Deserializer<T> legacy) {
        Schema schema = RecordAvro.schema(type);
        DatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema, GenericData.get());
        Serializer<T> serializer = serializer(schema, (value, encoder) -> writer.write(RecordAvro.toAvro(value), encoder));
        Function<Schema, DatumReader<GenericRecord>> readers = written -> new GenericDatumReader<>(written, schema, GenericData.get());
        Deserializer<GenericRecord> generic = deserializer(readers, null);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : wireFormat(bytes)
                ? RecordAvro.fromAvro(type, generic.deserialize(topic, bytes)) : legacy(legacy, topic, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The deserializer of plain Avro binary written with {@code schema} (state of builds before this serde). */
    public static <T> Deserializer<T> plainBinary(Schema schema) {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read plain Avro state of " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    private <T> Serde<T> specific(Schema schema) {
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
        Function<Schema, DatumReader<T>> readers = written -> new SpecificDatumReader<>(written, schema);
        return Serdes.serdeFrom(serializer(schema, writer::write), deserializer(readers, plainBinary(schema)));
    }

    private static Schema map(Schema values) {
        Schema map = Schema.createMap(values);
        map.addProp(GenericData.STRING_PROP, "String");
        return map;
    }

    private static Schema javaString() {
        Schema string = Schema.create(Schema.Type.STRING);
        string.addProp(GenericData.STRING_PROP, "String");
        return string;
    }

    private static boolean wireFormat(byte[] bytes) {
        return WireFormat.looksLikeAvro(bytes);
    }

    private static <T> T legacy(Deserializer<T> legacy, String topic, byte[] bytes) {
        if (legacy == null) {
            throw new SerializationException("state on " + topic + " is not in the registry's wire format (first byte "
                    + (bytes.length == 0 ? "none" : String.valueOf(bytes[0] & 0xff)) + ")");
        }
        return legacy.deserialize(topic, bytes);
    }

    /** How one value is written to an encoder. */
    private interface Encoding<T> {
        void write(T value, BinaryEncoder encoder) throws IOException;
    }

    // Every store read and write goes through here: one buffer and encoder per thread, reused.
    private static final class Scratch {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private <T> Serializer<T> serializer(Schema schema, Encoding<T> encoding) {
        Map<String, byte[]> headers = new ConcurrentHashMap<>();
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            byte[] header = headers.computeIfAbsent(topic, t -> WireFormat.header(registry.register(t + "-value", schema)));
            Scratch scratch = SCRATCH.get();
            try {
                scratch.bytes.reset();
                scratch.bytes.write(header);
                scratch.encoder = EncoderFactory.get().directBinaryEncoder(scratch.bytes, scratch.encoder);
                encoding.write(value, scratch.encoder);
                scratch.encoder.flush();
                return scratch.bytes.toByteArray();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot write state of " + topic + " as " + schema.getFullName() + ": " + e, e);
            }
        };
    }

    private <T> Deserializer<T> deserializer(Function<Schema, DatumReader<T>> readers, Deserializer<T> legacy) {
        Map<Integer, DatumReader<T>> byId = new ConcurrentHashMap<>();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (!wireFormat(bytes)) {
                return legacy(legacy, topic, bytes);
            }
            int id = WireFormat.schemaId(topic, bytes);
            DatumReader<T> reader = byId.computeIfAbsent(id, i -> readers.apply(writerSchema(topic, i)));
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                        bytes.length - WireFormat.HEADER_SIZE, DECODERS.get());
                DECODERS.set(decoder);
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read state of " + topic + " written with schema id " + id + ": " + e, e);
            }
        };
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (NotFoundException e) {
            throw new SerializationException("state on " + topic + " names schema id " + id + ", which the registry does not know", e);
        }
    }
}
