package io.meridian.classifier.usage;

import io.meridian.schemas.SiloUsage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Usage deltas of one task summed per silo until the next flush, so that the usage side of the
 * topology handles a few records per silo and interval instead of one per file change. The sums
 * live in a state store (cached, changelogged), not in memory: they commit in the same transaction
 * as the records that caused them, so a crash between two flushes loses and double-counts nothing.
 */
public final class PendingUsage {
    private final KeyValueStore<String, SiloUsage> pending;
    // Every record change adds to a sum: read the sums from memory, not through the store's serde.
    // The store stays the durable copy; the mirror is loaded from it whenever the task (re)starts.
    private final Map<String, SiloUsage> mirror = new HashMap<>();

    public PendingUsage(KeyValueStore<String, SiloUsage> pending) {
        this.pending = pending;
        try (KeyValueIterator<String, SiloUsage> all = pending.all()) {
            all.forEachRemaining(entry -> mirror.put(entry.key, entry.value));
        }
    }

    /** Adds the deltas of one record change. */
    public void add(List<SiloUsage> deltas) {
        for (SiloUsage delta : deltas) {
            SiloUsage sum = UsageDeltas.add(mirror.get(delta.getSilo()), delta);
            pending.put(delta.getSilo(), sum);
            mirror.put(delta.getSilo(), sum);
        }
    }

    /** Hands every non-zero pending sum to {@code sink} and clears them. */
    public void drain(Instant at, Consumer<SiloUsage> sink) {
        for (Map.Entry<String, SiloUsage> sum : new TreeMap<>(mirror).entrySet()) {
            pending.delete(sum.getKey());
            SiloUsage value = sum.getValue();
            if (value.getUsedBytes() != 0 || value.getFileCount() != 0) {
                sink.accept(new SiloUsage(sum.getKey(), value.getUsedBytes(), value.getFileCount(), at));
            }
        }
        mirror.clear();
    }
}
