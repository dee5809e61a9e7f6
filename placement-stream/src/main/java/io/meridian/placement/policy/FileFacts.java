package io.meridian.placement.policy;

import dev.cel.runtime.CelVariableResolver;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a policy's {@code when} sees, built from one FileRecord: {@code path} (string),
 * {@code size} and {@code mtime} (int; epoch millis, the newest present instance), {@code tags}
 * and {@code autoTags} (map of string to string), and {@code instances} (list of maps with
 * {@code silo}, {@code size}, {@code mtime}, {@code state}). A file with no present instance has
 * size 0 and mtime 0. Each variable is built when an expression first reads it: placement
 * evaluates every policy for every changed file, and most conditions read one or two variables.
 */
public final class FileFacts implements CelVariableResolver {
    public static final String PATH = "path";
    public static final String SIZE = "size";
    public static final String MTIME = "mtime";
    public static final String TAGS = "tags";
    public static final String AUTO_TAGS = "autoTags";
    public static final String INSTANCES = "instances";

    private final FileRecord record;
    private final Map<String, Object> built = new HashMap<>(8);

    private FileFacts(FileRecord record) {
        this.record = record;
    }

    /** The CEL variables of one record. */
    public static FileFacts of(FileRecord record) {
        return new FileFacts(record);
    }

    @Override
    public Optional<Object> find(String name) {
        Object value = built.get(name);
        if (value == null) {
            value = build(name);
            if (value != null) {
                built.put(name, value);
            }
        }
        return Optional.ofNullable(value);
    }

    private Object build(String name) {
        return switch (name) {
            case PATH -> record.getPath();
            case SIZE -> {
                Instance newest = newestPresent(record);
                yield newest == null ? 0L : newest.getSize();
            }
            case MTIME -> {
                Instance newest = newestPresent(record);
                yield newest == null ? 0L : newest.getMtime().toEpochMilli();
            }
            case TAGS -> {
                Map<String, String> tags = new HashMap<>();
                for (Map.Entry<String, Tag> tag : record.getTags().entrySet()) {
                    tags.put(tag.getKey(), tag.getValue().getValue());
                }
                yield tags;
            }
            case AUTO_TAGS -> new HashMap<>(record.getAutoTags());
            case INSTANCES -> instances(record);
            default -> null;
        };
    }

    private static List<Map<String, Object>> instances(FileRecord record) {
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Instance instance : record.getInstances()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("silo", instance.getSilo());
            fields.put("size", instance.getSize());
            fields.put("mtime", instance.getMtime().toEpochMilli());
            fields.put("state", instance.getState().name());
            instances.add(fields);
        }
        return instances;
    }

    /** The present instance with the latest mtime, or null. */
    public static Instance newestPresent(FileRecord record) {
        Instance newest = null;
        for (Instance instance : record.getInstances()) {
            if (instance.getState() == InstanceState.PRESENT
                    && (newest == null || instance.getMtime().isAfter(newest.getMtime()))) {
                newest = instance;
            }
        }
        return newest;
    }
}
