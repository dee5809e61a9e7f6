package io.meridian.classifier.metadata;

import io.meridian.events.Sequencer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets the sequencers of old deletes, a bounded slice of the store per call, so that the store
 * of deleted instances does not grow forever. A delete is kept as long as an older event about the
 * same instance could still arrive: file events are retained {@code keep} (7 days), and every
 * watcher stamps what it observes now, so an older event after that is not expected.
 */
public final class DeletePruner {
    private final KeyValueStore<String, Map<String, String>> deletes;
    private final Duration keep;
    private final int batch;
    private String resumeFrom;

    public DeletePruner(KeyValueStore<String, Map<String, String>> deletes, Duration keep, int batch) {
        this.deletes = deletes;
        this.keep = keep;
        this.batch = batch;
    }

    /** Prunes up to {@code batch} paths from where the last call stopped; returns how many changed. */
    public int prune(Instant now) {
        String cutoff = Sequencer.of(now.minus(keep), "");
        Map<String, Map<String, String>> changed = new HashMap<>();
        String next = null;
        int seen = 0;
        try (KeyValueIterator<String, Map<String, String>> it = resumeFrom == null ? deletes.all() : deletes.range(resumeFrom, null)) {
            while (it.hasNext()) {
                KeyValue<String, Map<String, String>> entry = it.next();
                if (seen++ == batch) {
                    next = entry.key;
                    break;
                }
                Map<String, String> kept = new HashMap<>(entry.value);
                kept.values().removeIf(sequencer -> Sequencer.compare(sequencer, cutoff) < 0);
                if (kept.size() != entry.value.size()) {
                    changed.put(entry.key, kept);
                }
            }
        }
        // Written after the iteration: a store must not change under its own iterator.
        changed.forEach((path, kept) -> {
            if (kept.isEmpty()) {
                deletes.delete(path);
            } else {
                deletes.put(path, kept);
            }
        });
        resumeFrom = next;
        return changed.size();
    }
}
