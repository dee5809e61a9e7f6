package io.meridian.classifier.usage;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.SiloUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The change of each silo's usage caused by one change of one record: for every silo, the present
 * bytes and files after minus before. Emitted in the same transaction as the record's new state, so
 * the sum of all deltas of a silo is exactly its usage, under replays and restarts alike.
 */
public final class UsageDeltas {
    private UsageDeltas() {
    }

    /** The non-zero deltas between two versions of a record (either may be null), in silo order. */
    public static List<SiloUsage> between(FileRecord before, FileRecord after, Instant at) {
        // Runs on every record change: a few instances per file, so plain loops, no intermediate maps.
        List<Instance> old = before == null ? List.of() : before.getInstances();
        List<Instance> now = after == null ? List.of() : after.getInstances();
        List<SiloUsage> deltas = new ArrayList<>(2);
        for (Instance instance : now) {
            addDelta(deltas, instance.getSilo(), present(now, instance.getSilo()), present(old, instance.getSilo()), at);
        }
        for (Instance instance : old) {
            if (find(now, instance.getSilo()) == null) {
                addDelta(deltas, instance.getSilo(), -1, present(old, instance.getSilo()), at);
            }
        }
        deltas.sort(Comparator.comparing(SiloUsage::getSilo));
        return deltas;
    }

    private static void addDelta(List<SiloUsage> deltas, String silo, long sizeNow, long sizeBefore, Instant at) {
        // Both sizes are >= 0 here, so their difference cannot overflow.
        long bytes = Math.max(sizeNow, 0) - Math.max(sizeBefore, 0);
        long files = (sizeNow >= 0 ? 1 : 0) - (sizeBefore >= 0 ? 1 : 0);
        if (bytes != 0 || files != 0) {
            deltas.add(new SiloUsage(silo, bytes, files, at));
        }
    }

    /** The size of the silo's instance when it is present, else -1. */
    private static long present(List<Instance> instances, String silo) {
        Instance instance = find(instances, silo);
        return instance != null && instance.getState() == InstanceState.PRESENT ? instance.getSize() : -1;
    }

    /**
     * Adds a delta to a running total (null: none yet). Saturates at the long range instead of wrapping:
     * sizes are at most 2^53 at the edge (FileEventRules), but a total must never turn negative by
     * overflow (a silo once showed used -2 from two sizes of Long.MAX_VALUE).
     */
    public static SiloUsage add(SiloUsage total, SiloUsage delta) {
        long bytes = saturatedAdd(delta.getUsedBytes(), total == null ? 0 : total.getUsedBytes());
        long files = saturatedAdd(delta.getFileCount(), total == null ? 0 : total.getFileCount());
        return new SiloUsage(delta.getSilo(), bytes, files, delta.getUpdatedAt());
    }

    /** {@code a + b}, or Long.MAX_VALUE / Long.MIN_VALUE when the sum does not fit. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow iff both operands have the same sign and the sum's sign differs (Hacker's Delight 2-13).
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static Instance find(List<Instance> instances, String silo) {
        for (Instance instance : instances) {
            if (instance.getSilo().equals(silo)) {
                return instance;
            }
        }
        return null;
    }
}
