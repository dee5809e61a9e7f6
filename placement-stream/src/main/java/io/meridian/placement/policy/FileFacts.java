package io.meridian.placement.policy;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a policy's {@code when} sees, built from one FileRecord: {@code path} (string),
 * {@code size} and {@code mtime} (int; epoch millis, the newest present instance), {@code tags}
 * and {@code autoTags} (map of string to string), and {@code instances} (list of maps with
 * {@code silo}, {@code size}, {@code mtime}, {@code state}). A file with no present instance has
 * size 0 and mtime 0.
 */
public final class FileFacts {
    public static final String PATH = "path";
    public static final String SIZE = "size";
    public static final String MTIME = "mtime";
    public static final String TAGS = "tags";
    public static final String AUTO_TAGS = "autoTags";
    public static final String INSTANCES = "instances";

    private FileFacts() {
    }

    /** The CEL activation of one record. */
    public static Map<String, Object> of(FileRecord record) {
        Map<String, Object> facts = new HashMap<>();
        Instance newest = newestPresent(record);
        facts.put(PATH, record.getPath());
        facts.put(SIZE, newest == null ? 0L : newest.getSize());
        facts.put(MTIME, newest == null ? 0L : newest.getMtime().toEpochMilli());
        Map<String, String> tags = new HashMap<>();
        for (Map.Entry<String, Tag> tag : record.getTags().entrySet()) {
            tags.put(tag.getKey(), tag.getValue().getValue());
        }
        facts.put(TAGS, tags);
        facts.put(AUTO_TAGS, new HashMap<>(record.getAutoTags()));
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Instance instance : record.getInstances()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("silo", instance.getSilo());
            fields.put("size", instance.getSize());
            fields.put("mtime", instance.getMtime().toEpochMilli());
            fields.put("state", instance.getState().name());
            instances.add(fields);
        }
        facts.put(INSTANCES, instances);
        return facts;
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
