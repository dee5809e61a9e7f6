package io.meridian.classifier.usage;

import io.meridian.schemas.SiloUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
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

    public PendingUsage(KeyValueStore<String, SiloUsage> pending) {
        this.pending = pending;
    }

    /** Adds the deltas of one record change. */
    public void add(List<SiloUsage> deltas) {
        for (SiloUsage delta : deltas) {
            pending.put(delta.getSilo(), UsageDeltas.add(pending.get(delta.getSilo()), delta));
        }
    }

    /** Hands every non-zero pending sum to {@code sink} and clears them. */
    public void drain(Instant at, Consumer<SiloUsage> sink) {
        List<KeyValue<String, SiloUsage>> sums = new ArrayList<>();
        try (KeyValueIterator<String, SiloUsage> all = pending.all()) {
            all.forEachRemaining(sums::add);
        }
        for (KeyValue<String, SiloUsage> sum : sums) {
            pending.delete(sum.key);
            if (sum.value.getUsedBytes() != 0 || sum.value.getFileCount() != 0) {
                sink.accept(new SiloUsage(sum.key, sum.value.getUsedBytes(), sum.value.getFileCount(), at));
            }
        }
    }
}
