package io.meridian.query.store;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code files} table, derived once when the record arrives so that a scan of a
 * million rows does no per-row work beyond reading fields. Keeps the {@link FileRecord} for
 * {@code GET /v1/files/{path}} and the read path.
 *
 * <p>{@code size} and {@code mtime} are those of the newest present instance (else of any instance);
 * {@code state} is {@code present} when some instance is present, else the state of the first one,
 * lower-case; {@code divergent} records override it with {@code divergent}.
 */
public record FileRow(
        String path,
        String name,
        String dir,
        String ext,
        long size,
        long mtime,
        Map<String, String> tags,
        Map<String, String> autoTags,
        int instanceCount,
        List<String> silos,
        String state,
        FileRecord record) {

    public static FileRow of(FileRecord record) {
        String path = record.getPath();
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        Instance newest = newest(record.getInstances());
        List<String> silos = new ArrayList<>(record.getInstances().size());
        record.getInstances().forEach(i -> silos.add(i.getSilo()));
        return new FileRow(path, name, path.substring(0, slash + 1), dot > 0 ? name.substring(dot + 1) : "",
                newest == null ? 0 : newest.getSize(), newest == null ? 0 : newest.getMtime().toEpochMilli(),
                tagValues(record.getTags()), Collections.unmodifiableMap(new HashMap<>(record.getAutoTags())),
                record.getInstances().size(), Collections.unmodifiableList(silos), state(record, newest), record);
    }

    private static Instance newest(List<Instance> instances) {
        Instance best = null;
        for (Instance i : instances) {
            boolean better = best == null
                    || (i.getState() == InstanceState.PRESENT && best.getState() != InstanceState.PRESENT)
                    || (i.getState() == best.getState() && i.getMtime().isAfter(best.getMtime()));
            if (better) {
                best = i;
            }
        }
        return best;
    }

    private static Map<String, String> tagValues(Map<String, Tag> tags) {
        Map<String, String> out = new HashMap<>(Math.max(4, tags.size() * 2));
        tags.forEach((key, tag) -> out.put(key, tag.getValue()));
        return Collections.unmodifiableMap(out);
    }

    private static String state(FileRecord record, Instance newest) {
        if (record.getDivergent()) {
            return "divergent";
        }
        return newest == null ? "absent" : newest.getState().name().toLowerCase();
    }
}
