package io.meridian.classifier.usage;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.SiloUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The change of each silo's usage caused by one change of one record: for every silo, the present
 * bytes and files after minus before. Emitted in the same transaction as the record's new state, so
 * the sum of all deltas of a silo is exactly its usage, under replays and restarts alike.
 */
public final class UsageDeltas {
    private UsageDeltas() {
    }

    /** The non-zero deltas between two versions of a record (either may be null). */
    public static List<SiloUsage> between(FileRecord before, FileRecord after, Instant at) {
        Map<String, long[]> old = present(before);
        Map<String, long[]> now = present(after);
        TreeSet<String> silos = new TreeSet<>(old.keySet());
        silos.addAll(now.keySet());
        List<SiloUsage> deltas = new ArrayList<>();
        for (String silo : silos) {
            long[] a = old.getOrDefault(silo, new long[2]);
            long[] b = now.getOrDefault(silo, new long[2]);
            if (a[0] != b[0] || a[1] != b[1]) {
                deltas.add(new SiloUsage(silo, b[0] - a[0], b[1] - a[1], at));
            }
        }
        return deltas;
    }

    /** Adds a delta to a running total (null: none yet). */
    public static SiloUsage add(SiloUsage total, SiloUsage delta) {
        long bytes = delta.getUsedBytes() + (total == null ? 0 : total.getUsedBytes());
        long files = delta.getFileCount() + (total == null ? 0 : total.getFileCount());
        return new SiloUsage(delta.getSilo(), bytes, files, delta.getUpdatedAt());
    }

    private static Map<String, long[]> present(FileRecord record) {
        Map<String, long[]> out = new HashMap<>();
        if (record != null) {
            for (Instance instance : record.getInstances()) {
                if (instance.getState() == InstanceState.PRESENT) {
                    out.put(instance.getSilo(), new long[] {instance.getSize(), 1});
                }
            }
        }
        return out;
    }
}
