package io.meridian.classifier.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.meridian.schemas.Tag;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
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
 * Plain Avro binary, without the registry, for the classifier's own state stores and internal
 * repartition topics: only this app reads them, always with the schema it was built with, so the
 * registry round trip (and a subject per changelog) buys nothing. Public topics always use the
 * registry serdes.
 */
public final class InternalAvroSerde {
    // Every store read and write of every record goes through here: reuse the encoder, its output
    // buffer and the decoder per thread instead of allocating them each time (stream threads only
    // share the serde instances, never a call).
    private static final ThreadLocal<WriteBuffer> WRITE_BUFFERS = ThreadLocal.withInitial(WriteBuffer::new);
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private static final class WriteBuffer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    private InternalAvroSerde() {
    }

    /** A serde of one generated record class. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return of(SpecificData.get().getSchema(type));
    }

    /** A serde of maps of string to string (Java strings, not Avro's Utf8). */
    public static Serde<Map<String, String>> stringMap() {
        return of(map(javaString()));
    }

    /** A serde of maps of string to {@link Tag}. */
    public static Serde<Map<String, Tag>> tagMap() {
        return of(map(Tag.getClassSchema()));
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

    /** A serde of any value the specific Avro model can write with {@code schema} (records, maps). */
    public static <T> Serde<T> of(Schema schema) {
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        Serializer<T> serializer = (topic, value) -> value == null ? null : write(writer, value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read(reader, bytes, topic);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static <T> byte[] write(SpecificDatumWriter<T> writer, T value) {
        WriteBuffer buffer = WRITE_BUFFERS.get();
        try {
            buffer.bytes.reset();
            buffer.encoder = EncoderFactory.get().directBinaryEncoder(buffer.bytes, buffer.encoder);
            writer.write(value, buffer.encoder);
            buffer.encoder.flush();
            return buffer.bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(SpecificDatumReader<T> reader, byte[] bytes, String topic) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, DECODERS.get());
            DECODERS.set(decoder);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read internal state of " + topic + ": " + e.getMessage(), e);
        }
    }
}
