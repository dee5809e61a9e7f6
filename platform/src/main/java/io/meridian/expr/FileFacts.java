package io.meridian.expr;

import dev.cel.runtime.CelVariableResolver;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a condition sees of one file: the {@link Variable}s, each computed from the FileRecord the
 * first time it is read and then kept. Lazy because the classifier evaluates its rules on every event
 * and placement every policy on every changed file, and most conditions read one or two variables.
 * Not thread-safe: one instance per evaluation of one record, on one thread.
 *
 * <p>The file-level {@code size}, {@code mtime} and {@code silo} are those of the {@linkplain #current
 * current instance}. A record without instances (never evaluated in practice: it is a tombstone) has
 * size 0, mtime 0 and silo "".
 */
public final class FileFacts implements CelVariableResolver {
    /**
     * Which instance is current, greatest first: a present one before any other state, then the
     * newest content (mtime), then the most recently updated (updatedAt), then the smallest silo id.
     * Content time rather than update time because {@code mtime} and {@code ageDays(mtime)} speak of
     * the content: a stale copy that a rescan touched last must not stand for a rewritten file; the
     * copies a mover makes keep the source's mtime, so among equal contents the latest report wins,
     * and the silo id makes the choice independent of the order of the instance list. The content
     * sniffer reads by the same order, so {@code magic} describes the content {@code mtime} dates.
     */
    public static final Comparator<Instance> CURRENT_FIRST = Comparator
            .comparing((Instance i) -> i.getState() == InstanceState.PRESENT)
            .thenComparing(Instance::getMtime)
            .thenComparing(Instance::getUpdatedAt)
            .thenComparing(Instance::getSilo, Comparator.reverseOrder());

    private static final Variable[] VARIABLES = Variable.values();

    private final FileRecord record;
    private final Object[] values = new Object[VARIABLES.length];
    private Instance current;
    private boolean currentFound;

    private FileFacts(FileRecord record) {
        this.record = record;
    }

    /** The facts of one record; nothing is computed until a variable is read. */
    public static FileFacts of(FileRecord record) {
        return new FileFacts(record);
    }

    /**
     * The instance a file's {@code size}, {@code mtime} and {@code silo} come from: the greatest by
     * {@link #CURRENT_FIRST} (the newest present copy; without one, the newest copy in any state), or
     * null when the record has no instance.
     */
    public static Instance current(FileRecord record) {
        Instance current = null;
        for (Instance instance : record.getInstances()) {
            if (current == null || CURRENT_FIRST.compare(instance, current) > 0) {
                current = instance;
            }
        }
        return current;
    }

    /**
     * Whether two copies of a file in different silos hold the same content: the same size, and the
     * same CRC32C when both know one, else the same mtime (a mover keeps the source's). A copy made
     * before the file was written again where it was is not the same content as the current one.
     */
    public static boolean sameContent(Instance a, Instance b) {
        if (a.getSize() != b.getSize()) {
            return false;
        }
        return a.getCrc32c() != null && b.getCrc32c() != null ? a.getCrc32c().equals(b.getCrc32c())
                : a.getMtime().toEpochMilli() == b.getMtime().toEpochMilli();
    }

    /** The CEL resolver: the value of a declared variable, empty for any other name. */
    @Override
    public Optional<Object> find(String name) {
        Variable variable = Variable.named(name);
        return variable == null ? Optional.empty() : Optional.of(value(variable));
    }

    /** The value of one variable, as CEL sees it (String, Long, List, Map). */
    public Object value(Variable variable) {
        Object value = values[variable.ordinal()];
        if (value == null) {
            value = build(variable);
            values[variable.ordinal()] = value;
        }
        return value;
    }

    public String path() {
        return record.getPath();
    }

    public String ext() {
        return (String) value(Variable.EXT);
    }

    public long size() {
        return (Long) value(Variable.SIZE);
    }

    private Object build(Variable variable) {
        return switch (variable) {
            case PATH -> record.getPath();
            case NAME -> name(record.getPath());
            case EXT -> ext((String) value(Variable.NAME));
            case SIZE -> current() == null ? 0L : current().getSize();
            case MTIME -> current() == null ? 0L : current().getMtime().toEpochMilli();
            case OWNER -> record.getOwner() == null ? "" : record.getOwner();
            case SILO -> current() == null ? "" : current().getSilo();
            case SILOS -> record.getInstances().stream().map(Instance::getSilo).toList();
            case TAGS -> tags(record);
            case AUTO_TAGS -> new HashMap<>(record.getAutoTags());
            case MAGIC -> ContentTag.magicOf(record);
            case INSTANCES -> instances(record);
        };
    }

    private Instance current() {
        if (!currentFound) {
            current = current(record);
            currentFound = true;
        }
        return current;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Lower-case, without the dot, "" when none (".bashrc" has none); of "a.tar.gz" the last part, "gz". */
    private static String ext(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> tags(FileRecord record) {
        Map<String, String> tags = new HashMap<>();
        for (Map.Entry<String, Tag> tag : record.getTags().entrySet()) {
            tags.put(tag.getKey(), tag.getValue().getValue());
        }
        return tags;
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
}
