package io.meridian.placement.reconcile;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's instances grouped by silo, least recently used first, kept up to date on every
 * FileRecord change, so that "what is on silo X" (drains, eviction) is a range scan of that silo's
 * keys rather than a scan of every file. A key is {@code silo NUL lru NUL path}, where {@code lru} is
 * the file's last access (else the instance's mtime) as 16 hex digits, so a silo's range is in
 * eviction order. The value is the instance's size when PRESENT, or -1 while it is copying, stale or
 * deleting. Instance counts and present bytes per silo are kept in memory.
 */
public final class SiloIndex {
    private static final char SEP = '\u0000';
    private static final long NOT_PRESENT = -1;

    private final KeyValueStore<String, Long> store;
    private final Map<String, long[]> totals = new HashMap<>(); // silo -> {instances, present bytes, only copies}

    /**
     * Rebuilds the index from the task's file store: the index has no changelog of its own (it is
     * derived state, and a changelog would add one more write per change on the latency path), so
     * it is made equal to the restored file store each time the task starts.
     */
    public SiloIndex(KeyValueStore<String, Long> store, KeyValueStore<String, FileRecord> files) {
        this.store = store;
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> stale.add(kv.key));
        }
        stale.forEach(store::delete);
        try (KeyValueIterator<String, FileRecord> it = files.all()) {
            it.forEachRemaining(kv -> update(null, kv.value));
        }
    }

    /** Applies a file's change: {@code before} and {@code after} are its previous and new records (null when absent). */
    public void update(FileRecord before, FileRecord after) {
        Map<String, Long> old = entries(before);
        Map<String, Long> next = entries(after);
        old.forEach((key, value) -> {
            if (!value.equals(next.get(key))) {
                store.delete(key);
                count(siloOf(key), value, -1);
            }
        });
        next.forEach((key, value) -> {
            if (!value.equals(old.get(key))) {
                store.put(key, value);
                count(siloOf(key), value, 1);
            }
        });
        sole(before, -1);
        sole(after, 1);
    }

    /** Files of this task whose only instance is on the silo: what a drain must move, not just delete. */
    public long onlyCopies(String silo) {
        long[] t = totals.get(silo);
        return t == null ? 0 : t[2];
    }

    private void sole(FileRecord record, int sign) {
        if (record != null && record.getInstances().size() == 1) {
            totals.computeIfAbsent(record.getInstances().get(0).getSilo(), s -> new long[3])[2] += sign;
        }
    }

    /** Instances (in any state) this task holds on the silo. */
    public long instances(String silo) {
        long[] t = totals.get(silo);
        return t == null ? 0 : t[0];
    }

    /** Bytes of the PRESENT instances this task holds on the silo. */
    public long presentBytes(String silo) {
        long[] t = totals.get(silo);
        return t == null ? 0 : t[1];
    }

    /**
     * Visits the paths of the silo's instances, least recently used first, until {@code visitor}
     * returns false; starts after {@code after} (an index key) when not null. Returns the last key
     * visited, or null when the silo's range was exhausted.
     */
    public String visit(String silo, String after, Predicate<String> visitor) {
        String from = after == null ? silo + SEP : after + SEP; // a key plus NUL sorts right after that key
        try (KeyValueIterator<String, Long> it = store.range(from, silo + (char) (SEP + 1))) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                if (!visitor.test(pathOf(entry.key))) {
                    return entry.key;
                }
            }
        }
        return null;
    }

    /** The path an index key points at. */
    public static String pathOf(String key) {
        return key.substring(key.indexOf(SEP, key.indexOf(SEP) + 1) + 1);
    }

    /** The index key of one instance of a record. */
    static String key(FileRecord record, Instance instance) {
        long lru = record.getLastAccess() != null ? record.getLastAccess().toEpochMilli() : instance.getMtime().toEpochMilli();
        String hex = Long.toHexString(Math.max(0, lru));
        return instance.getSilo() + SEP + "0".repeat(16 - hex.length()) + hex + SEP + record.getPath();
    }

    private static Map<String, Long> entries(FileRecord record) {
        Map<String, Long> entries = new TreeMap<>();
        if (record != null) {
            for (Instance instance : record.getInstances()) {
                entries.put(key(record, instance), instance.getState() == InstanceState.PRESENT ? instance.getSize() : NOT_PRESENT);
            }
        }
        return entries;
    }

    private void count(String silo, long value, int sign) {
        long[] t = totals.computeIfAbsent(silo, s -> new long[3]);
        t[0] += sign;
        t[1] += value == NOT_PRESENT ? 0 : sign * value;
    }

    private static String siloOf(String key) {
        return key.substring(0, key.indexOf(SEP));
    }
}
