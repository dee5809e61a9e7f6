package io.meridian.watchers.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON form of a FileEvent that storage hooks send ({@code meridian publish} lines, HTTP
 * {@code POST /v1/events} items). Times are ISO-8601 instants or epoch milliseconds; {@code mode} is
 * a number or an octal string like "0644". Unknown fields are refused so that a typo is an error,
 * not a silently missing attribute. {@code source} is always HOOK. See the README for the format.
 */
final class EventJson {
    static final Set<String> FIELDS = Set.of("path", "silo", "type", "fileType", "previousPath", "size", "mtime", "mode",
            "owner", "fileKey", "etag", "versionId", "crc32c", "symlinkTarget", "sequencer", "observedAt", "message");

    private EventJson() {
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
                throw new IllegalArgumentException("unknown field '" + name + "' (fields: path, silo, type, mtime, size, ...)");
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
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private static Integer mode(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asInt();
        }
        try {
            return Integer.parseInt(value.asText(), 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'mode' must be a number or an octal string like \"0644\"");
        }
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch millis");
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, E fallback) {
        String text = text(node, field);
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
