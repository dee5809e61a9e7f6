package io.meridian.watchers.checkpoint;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Publishes only what changed: an observed state is sent when its fingerprint differs from the
 * checkpoint, and a path the checkpoint knows but an observation no longer finds is sent as a
 * DELETE. {@link #commit} waits for the broker's acknowledgements, then saves the checkpoint.
 *
 * <p>Not thread-safe: one watcher thread owns it.
 */
public final class ChangeTracker {
    private final String silo;
    private final Checkpoint checkpoint;
    private final EventSink sink;
    private final SequenceClock clock;
    private long published;
    private long sweep;
    private boolean dirty;

    public ChangeTracker(String silo, Checkpoint checkpoint, EventSink sink, SequenceClock clock) {
        this.silo = silo;
        this.checkpoint = checkpoint;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Starts a sweep (a full scan or listing of some prefix): every path offered from now on counts as
     * seen by it, and {@link #deleteUnseen} then deletes what it did not see.
     */
    public long beginSweep() {
        return ++sweep;
    }

    /** Publishes an UPSERT when its state differs from the last published one; returns whether it did. */
    public boolean offer(FileEvent upsert) {
        long fingerprint = Fingerprint.of(upsert);
        if (checkpoint.record(upsert.getPath(), fingerprint, sweep) == fingerprint) {
            return false;
        }
        sink.publish(upsert);
        published++;
        dirty = true;
        return true;
    }

    /** Publishes an event that is not part of the checkpointed state (e.g. UNREADABLE). */
    public void report(FileEvent event) {
        sink.publish(event);
        published++;
    }

    /** Publishes a DELETE of {@code path} if it was published as present; returns whether it did. */
    public boolean delete(String path, EventSource source) {
        if (!checkpoint.contains(path)) {
            return false;
        }
        Instant now = clock.now();
        sink.publish(FileEvent.newBuilder()
                .setPath(path).setSilo(silo).setType(FileEventType.DELETE).setMtime(now)
                .setSequencer(clock.next(now)).setSource(source).setObservedAt(now).build());
        checkpoint.remove(path);
        published++;
        dirty = true;
        return true;
    }

    /** Publishes a DELETE observed by someone else (an S3 notification, with its own sequencer) if the path was published as present. */
    public boolean delete(FileEvent observed) {
        if (!checkpoint.contains(observed.getPath())) {
            return false;
        }
        sink.publish(observed);
        checkpoint.remove(observed.getPath());
        published++;
        dirty = true;
        return true;
    }

    /**
     * Deletes every published path equal to or under {@code prefix} that sweep {@code sweepId} did not
     * see, except those {@code keep} protects (e.g. below an unreadable directory); returns how many.
     */
    public int deleteUnseen(String prefix, long sweepId, Predicate<String> keep, EventSource source) {
        List<String> gone = checkpoint.unseen(prefix, sweepId, path -> !keep.test(path));
        gone.forEach(path -> delete(path, source));
        return gone.size();
    }

    /** Waits for every published event to be acknowledged, then saves the checkpoint. */
    public void commit() {
        sink.flush();
        if (dirty) {
            checkpoint.save();
            dirty = false;
        }
    }

    public boolean dirty() {
        return dirty;
    }

    /** Events published since this tracker was created. */
    public long published() {
        return published;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }
}
