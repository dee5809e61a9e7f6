package io.meridian.cli.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroJson;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.schemas.serde.WireFormat;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Prints one record as one JSON line: coordinates, key, value and headers. Values in the Confluent
 * wire format are decoded with their writer schema from the registry; anything else (dead letters)
 * is shown as text when it is UTF-8, else as base64, so every record prints.
 */
public final class RecordPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deserializer<GenericRecord> avro;
    private final PrintWriter out;

    public RecordPrinter(SchemaRegistry registry, PrintWriter out) {
        this.avro = AvroSerde.generic(registry).deserializer();
        this.out = out;
    }

    public void print(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp());
        line.set("key", bytes(record.key()));
        line.set("value", value(record.topic(), record.value()));
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.set(header.key(), bytes(header.value()));
        }
        out.println(line.toString());
        out.flush();
    }

    private JsonNode value(String topic, byte[] value) {
        if (value == null || !WireFormat.looksLikeAvro(value)) {
            return bytes(value);
        }
        try {
            return AvroJson.toTree(avro.deserialize(topic, value));
        } catch (RuntimeException e) {
            ObjectNode undecodable = JSON.createObjectNode();
            undecodable.put("undecodable", e.getMessage());
            undecodable.set("raw", bytes(value));
            return undecodable;
        }
    }

    private static JsonNode bytes(byte[] data) {
        if (data == null) {
            return JSON.nullNode();
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
            return JSON.getNodeFactory().textNode(text);
        } catch (CharacterCodingException e) {
            ObjectNode binary = JSON.createObjectNode();
            binary.put("base64", Base64.getEncoder().encodeToString(data));
            return binary;
        }
    }
}
