package io.meridian.movers;

import io.meridian.config.ByteSize;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed plus in-flight bytes per target silo against its configured capacity (DESIGN.md
 * invariant 6). Committed bytes start from a listing of the silo and follow this process's commits
 * and deletes; in-flight bytes are reserved before a copy starts and released when it ends.
 */
final class CapacityLedger {
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();
    private final Map<String, Long> capacity;

    CapacityLedger(Map<String, Long> capacityBySilo) {
        this.capacity = Map.copyOf(capacityBySilo);
    }

    /** Sets the committed bytes found by listing a silo. */
    void setCommitted(String silo, long bytes) {
        counter(silo).set(bytes);
    }

    /** Reserves room for {@code bytes}, or fails with TARGET_FULL naming the figures. */
    void reserve(String silo, long bytes) throws MoveFailure {
        long cap = capacity.getOrDefault(silo, 0L);
        AtomicLong counter = counter(silo);
        long after = counter.addAndGet(bytes);
        if (cap > 0 && after > cap) {
            counter.addAndGet(-bytes);
            throw new MoveFailure(MoveFailure.TARGET_FULL, "silo " + silo + " is full: " + ByteSize.format(after - bytes)
                    + " used or in flight of its capacity " + ByteSize.format(cap) + ", " + ByteSize.format(bytes)
                    + " more do not fit; raise its capacity or evict files");
        }
    }

    /** Gives back a reservation (the copy failed or found the content already there). */
    void release(String silo, long bytes) {
        counter(silo).addAndGet(-bytes);
    }

    /** Records that an object left the silo. */
    void removed(String silo, long bytes) {
        counter(silo).addAndGet(-bytes);
    }

    long committed(String silo) {
        return counter(silo).get();
    }

    private AtomicLong counter(String silo) {
        return used.computeIfAbsent(silo, s -> new AtomicLong());
    }
}
