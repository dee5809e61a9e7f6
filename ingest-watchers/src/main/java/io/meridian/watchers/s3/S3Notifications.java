package io.meridian.watchers.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.events.FileEventRules;
import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Normalises S3 bucket-notification JSON (AWS S3 event message structure, which MinIO's
 * {@code notify_kafka} and {@code notify_webhook} also send) to FileEvents of one silo:
 * {@code Records[]} with {@code eventName} {@code ObjectCreated:*} (upsert) or {@code ObjectRemoved:*}
 * (delete; {@code DeleteMarkerCreated} too), with or without the {@code s3:} prefix MinIO adds; the key
 * URL-decoded ('+' is a space); size, eTag, versionId; ordered by {@code Sequencer.of(eventTime,
 * sequencer)} (tiebreak {@code 0} when a record has no hex sequencer). Records of other buckets or
 * outside the prefix are ignored; malformed ones, and events that break {@link FileEventRules} (an
 * eventTime before 1970 or more than a day ahead, a size beyond 2^53, an overlong ETag...), are
 * reported in {@link Result#rejected()} with the reason. Never throws on a message.
 */
public final class S3Notifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events of a message, oldest first, and the reasons records were refused. */
    public record Result(List<FileEvent> events, List<String> rejected) {
    }

    private final String silo;
    private final S3Keys keys;
    private final Clock clock;
    private final FileEventRules rules;

    public S3Notifications(String silo, S3Keys keys, Clock clock) {
        this.silo = silo;
        this.keys = keys;
        this.clock = clock;
        this.rules = FileEventRules.of(Map.of(silo, keys.mountDirectory()), clock);
    }

    /** Parses one notification message; a message that is not JSON is one rejection. */
    public Result parse(String message) {
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return new Result(List.of(), List.of("not JSON: " + e.getOriginalMessage()));
        }
        List<FileEvent> events = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            // S3's test event ("Event": "s3:TestEvent") has no records and is not an error.
            if (root == null || !root.has("Event")) {
                rejected.add("no Records array");
            }
            return new Result(events, rejected);
        }
        for (int i = 0; i < records.size(); i++) {
            try {
                FileEvent event = record(records.get(i));
                if (event != null) {
                    events.add(event);
                }
            } catch (IllegalArgumentException e) {
                rejected.add("Records[" + i + "]: " + e.getMessage());
            }
        }
        events.sort(Comparator.comparing(FileEvent::getSequencer, Sequencer.ORDER));
        return new Result(events, rejected);
    }

    private FileEvent record(JsonNode record) {
        String eventName = text(record, "eventName");
        FileEventType type = type(eventName);
        JsonNode s3 = required(record, "s3");
        String bucket = text(required(s3, "bucket"), "name");
        if (type == null || !keys.bucket().equals(bucket)) {
            return null;
        }
        JsonNode object = required(s3, "object");
        String key = URLDecoder.decode(text(object, "key"), StandardCharsets.UTF_8);
        if (!keys.isFile(key, object.path("size").asLong(-1))) { // outside the prefix, or a temp/upload object
            return null;
        }
        String path = keys.logicalPath(key);
        Instant eventTime = rules.observationTime("eventTime", instant(text(record, "eventTime")));
        String sequencer = object.path("sequencer").asText("");
        FileEvent.Builder event = FileEvent.newBuilder()
                .setPath(path).setSilo(silo).setType(type).setFileType(FileType.FILE)
                .setMtime(eventTime)
                .setSequencer(Sequencer.of(eventTime, sequencer.matches("[0-9A-Fa-f]+") ? sequencer : "0"))
                .setSource(EventSource.S3_NOTIFICATION).setObservedAt(clock.instant());
        if (type == FileEventType.UPSERT) {
            event.setSize(size(object)).setEtag(S3Keys.etag(object.path("eTag").asText(null)));
        }
        if (object.hasNonNull("versionId")) {
            event.setVersionId(object.get("versionId").asText());
        }
        return rules.check(event.build());
    }

    private static long size(JsonNode object) {
        JsonNode size = object.path("size");
        if (size.isMissingNode() || size.isNull()) {
            return 0;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new IllegalArgumentException("'size' must be an integer");
        }
        return size.asLong();
    }

    private static FileEventType type(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name.startsWith("ObjectCreated:")) {
            return FileEventType.UPSERT;
        }
        if (name.startsWith("ObjectRemoved:")) {
            return FileEventType.DELETE;
        }
        return null; // restore, replication, lifecycle transitions... do not change what exists
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("eventTime '" + text + "' is not an ISO-8601 instant");
        }
    }
}
