package io.meridian.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Renders any Avro record as plain JSON for people ({@code meridian tail}): fields in schema order,
 * unions as their value (not Avro's {@code {"string": ...}} wrapper), enums as their symbol, logical
 * types as their underlying value (a timestamp-millis is its epoch milliseconds), bytes and fixed as
 * base64. Not meant to be parsed back into Avro.
 */
public final class AvroJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // Converts java.time values a GenericRecord may hold back to their Avro encoding.
    private static final GenericData GENERIC_WITH_TIME = genericWithTimeConversions();

    private AvroJson() {
    }

    /** One-line JSON text of a record. */
    public static String toJson(GenericContainer datum) {
        return write(datum, false);
    }

    /** Indented JSON text of a record. */
    public static String toPrettyJson(GenericContainer datum) {
        return write(datum, true);
    }

    /** The JSON tree of a record, for callers that add fields (topic, offset) before printing. */
    public static JsonNode toTree(GenericContainer datum) {
        return datum == null ? NODES.nullNode() : node(raw(datum));
    }

    private static String write(GenericContainer datum, boolean pretty) {
        try {
            JsonNode tree = toTree(datum);
            return pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) : JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree built from Avro values", e);
        }
    }

    /**
     * Re-reads the datum without logical-type conversions, so every value is a plain Avro value whatever
     * classes the record holds (Instant, LocalDate, BigDecimal).
     */
    private static Object raw(GenericContainer datum) {
        Schema schema = datum.getSchema();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(datum, schema).write(datum, encoder);
            encoder.flush();
            return new GenericDatumReader<>(schema, schema, new GenericData())
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot render a " + schema.getFullName() + " as JSON: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writer(GenericContainer datum, Schema schema) {
        if (datum instanceof SpecificRecord) {
            return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema,
                    SpecificData.getForClass(datum.getClass()));
        }
        return new GenericDatumWriter<>(schema, GENERIC_WITH_TIME);
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            ObjectNode object = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), node(record.get(field.pos())));
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, entry) -> object.set(String.valueOf(key), node(entry)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(node(item)));
            return array;
        }
        return scalar(value);
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            // JSON has no NaN or Infinity; print those as text.
            return number.isNaN() || number.isInfinite() ? NODES.textNode(number.toString()) : NODES.numberNode(number);
        }
        if (value instanceof Float number) {
            return number.isNaN() || number.isInfinite() ? NODES.textNode(number.toString()) : NODES.numberNode(number);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] array = new byte[copy.remaining()];
            copy.get(array);
            return NODES.textNode(Base64.getEncoder().encodeToString(array));
        }
        if (value instanceof GenericFixed fixed) {
            return NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
        }
        // Strings (String or Utf8) and enum symbols print as their text.
        return NODES.textNode(value.toString());
    }

    private static GenericData genericWithTimeConversions() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        return data;
    }
}
