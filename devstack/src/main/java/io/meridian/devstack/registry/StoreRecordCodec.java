package io.meridian.devstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.devstack.registry.StoreRecord.ConfigRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaTombstone;
import io.meridian.schemas.registry.CompatibilityLevel;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Encodes and decodes {@code _schemas} records as the JSON keys and values of Confluent's KafkaStore:
 * schema keys {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}} with values
 * {@code {"subject","version","id","schema","deleted"}}, and config keys
 * {@code {"keytype":"CONFIG","subject":s|null,"magic":0}} with values {@code {"compatibilityLevel":L}}.
 *
 * <p>Records this registry does not act on (other key types, non-Avro schemas) decode to empty.
 */
final class StoreRecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecordCodec() {
    }

    static String key(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        if (record instanceof ConfigRecord config) {
            key.put("keytype", "CONFIG").put("subject", config.subject()).put("magic", 0);
        } else {
            String subject = record instanceof SchemaRecord s ? s.subject() : ((SchemaTombstone) record).subject();
            int version = record instanceof SchemaRecord s ? s.version() : ((SchemaTombstone) record).version();
            key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
        }
        return write(key);
    }

    /** The value, or null for a tombstone. */
    static String value(StoreRecord record) {
        if (record instanceof SchemaRecord s) {
            return write(JSON.createObjectNode().put("subject", s.subject()).put("version", s.version())
                    .put("id", s.id()).put("schema", s.schema()).put("deleted", s.deleted()));
        }
        if (record instanceof ConfigRecord config && config.level() != null) {
            return write(JSON.createObjectNode().put("compatibilityLevel", config.level().name()));
        }
        return null;
    }

    /**
     * Decodes one record.
     *
     * @throws IllegalArgumentException when the key or the value is not the JSON it should be
     */
    static Optional<StoreRecord> decode(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("record without a key");
        }
        JsonNode keyNode = read(key);
        String keyType = keyNode.path("keytype").asText("");
        return switch (keyType) {
            case "SCHEMA" -> decodeSchema(keyNode, value);
            case "CONFIG" -> Optional.of(decodeConfig(keyNode, value));
            default -> Optional.empty();
        };
    }

    private static Optional<StoreRecord> decodeSchema(JsonNode key, String value) {
        String subject = requiredText(key, "subject");
        int version = requiredInt(key, "version");
        if (value == null) {
            return Optional.of(new SchemaTombstone(subject, version));
        }
        JsonNode node = read(value);
        String schemaType = node.path("schemaType").asText("AVRO");
        if (!schemaType.equals("AVRO")) {
            return Optional.empty();
        }
        return Optional.of(new SchemaRecord(subject, version, requiredInt(node, "id"),
                requiredText(node, "schema"), node.path("deleted").asBoolean(false)));
    }

    private static StoreRecord decodeConfig(JsonNode key, String value) {
        JsonNode subjectNode = key.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (value == null) {
            return new ConfigRecord(subject, null);
        }
        String level = requiredText(read(value), "compatibilityLevel");
        try {
            return new ConfigRecord(subject, CompatibilityLevel.valueOf(level.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compatibilityLevel '" + level + "'", e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return child.asText();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.isIntegralNumber() || !child.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an int");
        }
        return child.asInt();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
