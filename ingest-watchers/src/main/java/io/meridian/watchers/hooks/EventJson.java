package io.meridian.watchers.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON form of a FileEvent that storage hooks send ({@code meridian publish} lines, HTTP
 * {@code POST /v1/events} items). Times are ISO-8601 instants or epoch milliseconds; {@code mode} is
 * a number or an octal string like "0644". Strict, so that what was meant is what is published:
 * unknown fields are refused (a typo is an error, not a silently missing attribute), so are a field
 * given twice and anything after the JSON value; numbers must be integers that fit their field.
 * Every refusal is an IllegalArgumentException that names the field; the value ranges are
 * {@link io.meridian.events.FileEventRules}'s, checked after this. {@code source} is always HOOK. See
 * the README for the format.
 */
final class EventJson {
    private static final int MAX_REASON = 200;
    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .readerFor(JsonNode.class);

    static final Set<String> FIELDS = Set.of("path", "silo", "type", "fileType", "previousPath", "size", "mtime", "mode",
            "owner", "fileKey", "etag", "versionId", "crc32c", "symlinkTarget", "sequencer", "observedAt", "message");

    private EventJson() {
    }

    /**
     * Parses one JSON text (a {@code meridian publish} line, a {@code POST /v1/events} body): exactly
     * one value, no duplicate field, nothing after it.
     *
     * @throws IllegalArgumentException "not JSON: " and what is wrong where
     */
    static JsonNode parse(String text) {
        try (JsonParser parser = READER.createParser(text)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** {@link #parse(String)} of a UTF-8 body. */
    static JsonNode parse(byte[] body) {
        try (JsonParser parser = READER.createParser(body)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private static JsonNode parse(JsonParser parser) throws IOException {
        JsonNode value = READER.readTree(parser);
        try {
            if (parser.nextToken() == null) {
                return value;
            }
        } catch (IOException e) {
            // what follows is not even a token: still data after the value
        }
        throw new IllegalArgumentException("not JSON: data after the JSON value (one value per line or body)");
    }

    private static IllegalArgumentException notJson(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String reason = newline < 0 ? String.valueOf(message) : message.substring(0, newline);
        return new IllegalArgumentException("not JSON: " + (reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "..."));
    }

    /**
     * Builds the event; {@code sequencer} gives one (from the observation time) when the JSON has none.
     *
     * @throws IllegalArgumentException naming the field and what is expected
     */
    static FileEvent read(JsonNode node, Instant now, Function<Instant, String> sequencer) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + quoted(name) + " (fields: path, silo, type, mtime, size, ...)");
            }
        }
        FileEventType type = enumValue(node, "type", FileEventType.class, FileEventType.UPSERT);
        Instant observedAt = node.has("observedAt") ? instant(node, "observedAt") : now;
        Instant mtime = node.has("mtime") ? instant(node, "mtime") : null;
        if (mtime == null && type != FileEventType.DELETE) {
            throw new IllegalArgumentException("missing 'mtime' (ISO-8601 like 2026-01-31T12:00:00Z, or epoch millis)");
        }
        return FileEvent.newBuilder()
                .setPath(requiredText(node, "path")).setSilo(requiredText(node, "silo")).setType(type)
                .setFileType(enumValue(node, "fileType", FileType.class, FileType.FILE))
                .setPreviousPath(text(node, "previousPath"))
                .setSize(node.has("size") ? longValue(node, "size") : 0)
                .setMtime(mtime == null ? observedAt : mtime)
                .setMode(node.has("mode") ? mode(node.get("mode")) : null)
                .setOwner(text(node, "owner")).setFileKey(text(node, "fileKey")).setEtag(text(node, "etag"))
                .setVersionId(text(node, "versionId"))
                .setCrc32c(node.has("crc32c") && !node.get("crc32c").isNull() ? longValue(node, "crc32c") : null)
                .setSymlinkTarget(text(node, "symlinkTarget"))
                .setSequencer(node.has("sequencer") ? requiredText(node, "sequencer") : sequencer.apply(observedAt))
                .setSource(EventSource.HOOK).setObservedAt(observedAt).setMessage(text(node, "message"))
                .build();
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull() ? requiredText(node, field) : null;
    }

    private static long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is out of range (larger than a 64-bit integer)");
        }
        return value.asLong();
    }

    private static Integer mode(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToInt()) {
                throw new IllegalArgumentException("'mode' is out of range 0..4095 (07777, permission bits)");
            }
            return value.asInt();
        }
        if (!value.isTextual() || !value.asText().matches("[0-7]{1,6}")) {
            throw new IllegalArgumentException("'mode' must be a number or an octal string like \"0644\"");
        }
        return Integer.parseInt(value.asText(), 8);
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(longValue(node, field));
        }
        try {
            if (value.isTextual()) {
                return Instant.parse(value.asText());
            }
        } catch (DateTimeParseException e) {
            // refused below, like any other value that is not a time
        }
        throw new IllegalArgumentException("'" + field + "' must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch millis");
    }

    private static String quoted(String name) {
        String head = name.length() <= 40 ? name : name.substring(0, 40) + "...";
        return "'" + head.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?") + "'";
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, E fallback) {
        String text = text(node, field);
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
