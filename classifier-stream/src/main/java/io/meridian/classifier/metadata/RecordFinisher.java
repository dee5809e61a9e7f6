package io.meridian.classifier.metadata;

import io.meridian.classifier.rules.AutoTagger;
import io.meridian.classifier.tags.EffectiveTags;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Derives everything in a record that follows from its instances and tags (effective tags,
 * auto-tags, divergence) and decides whether the record changed: the version increases by one only
 * when something other than the version and timestamp differs from the stored record.
 */
public final class RecordFinisher {
    private final AutoTagger autoTagger;

    public RecordFinisher(AutoTagger autoTagger) {
        this.autoTagger = autoTagger;
    }

    /** Whether auto-tags may change with time alone (a rule reads the clock): then records are swept. */
    public boolean timeDependent() {
        return autoTagger.timeDependent();
    }

    /** An empty record for a path seen for the first time. */
    public static FileRecord empty(String path, Instant at) {
        return FileRecord.newBuilder()
                .setPath(path).setInstances(List.of()).setTags(Map.of()).setAutoTags(Map.of())
                .setDivergent(false).setFileType(FileType.FILE).setVersion(0).setUpdatedAt(at).build();
    }

    /**
     * A shallow copy of a record, to change fields of (set new collections; never mutate the shared
     * ones). A deep copy of every instance and tag on every event would be most of the work.
     */
    public static FileRecord copyOf(FileRecord record) {
        FileRecord copy = new FileRecord();
        for (int field = 0; field < FileRecord.getClassSchema().getFields().size(); field++) {
            copy.put(field, record.get(field));
        }
        return copy;
    }

    /**
     * The finished record, or null when it equals {@code stored} (null when new) apart from version
     * and timestamp.
     *
     * @param candidate   a {@link #copyOf} the stored record (or {@link #empty}) with new instances, own tags or
     *                    last access set; it is completed in place and must not be used afterwards
     * @param directories the tags set on a directory, or null
     */
    public FileRecord finish(FileRecord stored, FileRecord candidate,
                             Function<String, Map<String, Tag>> directories, Instant now) {
        FileRecord next = candidate;
        next.setTags(EffectiveTags.compute(next.getPath(), next.getTags(), directories));
        next.setDivergent(InstanceMerge.divergent(next.getInstances()));
        next.setAutoTags(next.getInstances().isEmpty() ? Map.of() : new TreeMap<>(autoTagger.tagsFor(next)));
        if (stored != null) {
            next.setVersion(stored.getVersion());
            next.setUpdatedAt(stored.getUpdatedAt());
            if (next.equals(stored)) {
                return null;
            }
        }
        next.setVersion(stored == null ? 1 : stored.getVersion() + 1);
        next.setUpdatedAt(now);
        return next;
    }
}
