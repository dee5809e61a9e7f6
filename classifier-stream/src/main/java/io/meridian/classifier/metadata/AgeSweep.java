package io.meridian.classifier.metadata;

import io.meridian.schemas.FileRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Walks the files store a bounded slice per call, so that rules over time ({@code ageDays(mtime)})
 * start and stop holding as time passes, not only when a file changes. Each call hands at most
 * {@code batch} records, from where the previous call stopped, to the caller, which re-evaluates
 * them (emitting only those whose auto-tags change); after the last key it starts again from the
 * first. A full pass over N files therefore takes N / batch calls.
 */
final class AgeSweep {
    private final FileStore files;
    private final int batch;
    private String resumeFrom;

    AgeSweep(FileStore files, int batch) {
        this.files = files;
        this.batch = batch;
    }

    /** Hands the next slice of records to {@code reevaluate}; returns how many. */
    int sweep(Consumer<FileRecord> reevaluate) {
        List<FileRecord> slice = new ArrayList<>(Math.min(batch, 1024));
        String next = null;
        try (KeyValueIterator<String, FileRecord> it = files.from(resumeFrom)) {
            while (it.hasNext()) {
                KeyValue<String, FileRecord> entry = it.next();
                if (slice.size() == batch) {
                    next = entry.key;
                    break;
                }
                slice.add(entry.value);
            }
        }
        // Re-evaluated after the iteration: a store must not change under its own iterator.
        slice.forEach(reevaluate);
        resumeFrom = next;
        return slice.size();
    }
}
