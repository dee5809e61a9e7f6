package io.meridian.watchers.checkpoint;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.SequenceClock;
import io.meridian.watchers.view.HeldInstance;
import io.meridian.watchers.view.SiloView;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Publishes only what changed: an observed state is sent when its fingerprint differs from the
 * checkpoint, and a path the checkpoint knows but an observation no longer finds is sent as a
 * DELETE. {@link #commit} waits for the broker's acknowledgements, then saves the checkpoint.
 *
 * <p>The checkpoint says what this watcher published, not what the global view holds: hooks, movers
 * and reordered notifications change the view too. So a sweep (a full scan or listing of a prefix)
 * also makes the view of that prefix equal to what it saw (DESIGN.md invariant 10), through the
 * {@link SiloView} of the silo:
 * <ul>
 *   <li>an instance the view holds that the sweep did not see, and that is older than the sweep's
 *       start (less {@link #CLOCK_ALLOWANCE}), is retired with a DELETE stamped with the sweep's start:
 *       whichever source published it, storage did not have it when the sweep looked; anything
 *       observed after the sweep began is newer and wins in the classifier;</li>
 *   <li>a file the sweep saw unchanged (so the checkpoint would not publish it) that the view lacks or
 *       holds with other content is published again, once the view has missed it for
 *       {@link #REPUBLISH_AFTER} (the view lags behind what was just published).</li>
 * </ul>
 * A tracker that starts without a checkpoint (a new host took the silo over) does not publish, in
 * its first sweep, a file the view already holds with the same content: the global view is the
 * state a takeover resumes from ({@link #awaitViewBeforeFirstSweep}).
 * These act only once the view has read everything published before the sweep began
 * ({@link SiloView#awaitCaughtUp}); with {@link SiloView#NONE}, sweeps compare with the checkpoint alone.
 * DELETEs observed by others (S3 notifications) are always published: the classifier orders them by
 * their sequencer and keeps a tombstone, so one that arrives before the upsert it follows still wins.
 *
 * <p>Not thread-safe: one watcher thread owns it.
 */
public final class ChangeTracker {
    /** How much older than a sweep's start an instance must be for the sweep to retire it: the clock skew allowed between producers. */
    public static final Duration CLOCK_ALLOWANCE = Duration.ofSeconds(1);
    /** How long the view must miss a file a sweep saw before it is published again. */
    public static final Duration REPUBLISH_AFTER = Duration.ofSeconds(5);
    /** How long a watcher without a checkpoint waits for the view before its first sweep. */
    public static final Duration VIEW_SEED_WAIT = Duration.ofSeconds(30);
    /** How long the end of a sweep waits for the view to catch up before it skips the comparison. */
    private static final Duration VIEW_WAIT = Duration.ofSeconds(10);

    private final String silo;
    private final Checkpoint checkpoint;
    private final EventSink sink;
    private final SequenceClock clock;
    private final SiloView view;
    /** Paths a sweep saw that the view lacked, with when it first did (epoch millis of the clock). */
    private final Map<String, Long> missingFromView = new HashMap<>();
    private long published;
    private long retired;
    private long republished;
    private long sweep;
    private long sweepStartNanos = System.nanoTime();
    private Instant sweepStart;
    private String sweepSequencer;
    private boolean dirty;
    /** True until the end of the first sweep of a tracker that started without a checkpoint. */
    private boolean seeding;
    private boolean seedViewCaughtUp;

    /** A tracker whose sweeps compare with the checkpoint alone (tools, tests). */
    public ChangeTracker(String silo, Checkpoint checkpoint, EventSink sink, SequenceClock clock) {
        this(silo, checkpoint, sink, clock, SiloView.NONE);
    }

    public ChangeTracker(String silo, Checkpoint checkpoint, EventSink sink, SequenceClock clock, SiloView view) {
        this.silo = silo;
        this.checkpoint = checkpoint;
        this.sink = sink;
        this.clock = clock;
        this.view = view;
        this.seeding = checkpoint.size() == 0;
    }

    /**
     * Before the first sweep of a tracker that started without a checkpoint (a new host took the silo
     * over, say), waits up to {@code timeout} for the view to catch up, so that the sweep publishes
     * only what the view does not hold already instead of every file; returns whether it did.
     */
    public boolean awaitViewBeforeFirstSweep(Duration timeout) {
        if (!seeding) {
            return false;
        }
        try {
            seedViewCaughtUp = view.awaitCaughtUp(System.nanoTime(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seedViewCaughtUp;
    }

    /**
     * Starts a sweep (a full scan or listing of some prefix): every path offered from now on counts as
     * seen by it, and {@link #deleteUnseen} then deletes what it did not see.
     */
    public long beginSweep() {
        sweepStartNanos = System.nanoTime();
        sweepStart = clock.now();
        sweepSequencer = clock.next(sweepStart);
        return ++sweep;
    }

    /**
     * Publishes an UPSERT when its state differs from the last published one, or when the view has
     * missed it for {@link #REPUBLISH_AFTER}; returns whether it did.
     */
    public boolean offer(FileEvent upsert) {
        return offer(upsert, UnaryOperator.identity());
    }

    /**
     * {@link #offer(FileEvent)}, with {@code beforePublish} completing the event only when it is
     * published (e.g. the attributes a listing lacks, read with one more request per changed object);
     * the decision is taken on {@code upsert} as observed.
     */
    public boolean offer(FileEvent upsert, UnaryOperator<FileEvent> beforePublish) {
        long fingerprint = Fingerprint.of(upsert);
        long previous = checkpoint.record(upsert.getPath(), fingerprint, sweep);
        if (previous == fingerprint && !viewMisses(upsert)) {
            return false;
        }
        if (previous == Fingerprint.NONE && seeding && viewHolds(upsert)) {
            return false;
        }
        missingFromView.remove(upsert.getPath());
        sink.publish(beforePublish.apply(upsert));
        published++;
        dirty = true;
        return true;
    }

    /** Whether the view holds {@code upsert}'s content already (and has caught up since the sweep began). */
    private boolean viewHolds(FileEvent upsert) {
        HeldInstance held = view.get(upsert.getPath());
        return held != null && held.sameContent(upsert) && (seedViewCaughtUp || view.caughtUpSince(sweepStartNanos));
    }

    /** Whether the view has lacked {@code upsert}'s content for {@link #REPUBLISH_AFTER} although it has caught up. */
    private boolean viewMisses(FileEvent upsert) {
        if (!view.caughtUpSince(sweepStartNanos)) {
            return false;
        }
        HeldInstance held = view.get(upsert.getPath());
        if (held != null && held.sameContent(upsert)) {
            missingFromView.remove(upsert.getPath());
            return false;
        }
        long now = clock.now().toEpochMilli();
        Long since = missingFromView.putIfAbsent(upsert.getPath(), now);
        if (since == null || now - since < REPUBLISH_AFTER.toMillis()) {
            return false;
        }
        republished++;
        return true;
    }

    /** Publishes an event that is not part of the checkpointed state (e.g. UNREADABLE). */
    public void report(FileEvent event) {
        sink.publish(event);
        published++;
    }

    /**
     * Publishes a DELETE of {@code path}, observed now, if it was published as present or the view
     * holds it; returns whether it did.
     */
    public boolean delete(String path, EventSource source) {
        if (!checkpoint.contains(path) && view.get(path) == null) {
            return false;
        }
        Instant now = clock.now();
        publishDelete(path, clock.next(now), now, source, null);
        return true;
    }

    /**
     * Publishes DELETEs of {@code path} and of everything below it ({@code path + "/"}) that was
     * published as present or that the view holds, observed now (a directory that disappeared).
     */
    public void deleteTree(String path, EventSource source) {
        delete(path, source);
        Set<String> below = new TreeSet<>(checkpoint.pathsUnder(path + "/", p -> true));
        view.forEachUnder(path + "/", (p, held) -> below.add(p));
        below.forEach(p -> delete(p, source));
    }

    /**
     * Publishes a DELETE observed by someone else (an S3 notification, with its own sequencer), always:
     * the path may be unknown here because the upsert it follows has not arrived yet.
     */
    public void delete(FileEvent observed) {
        missingFromView.remove(observed.getPath());
        checkpoint.remove(observed.getPath());
        sink.publish(observed);
        published++;
        dirty = true;
    }

    /**
     * Ends sweep {@code sweepId} of {@code prefix}: deletes every published path equal to or under
     * {@code prefix} that it did not see, then retires what the view holds there that the sweep did
     * not see (see the class comment), except paths {@code keep} protects (e.g. below an unreadable
     * directory); returns how many DELETEs it published.
     */
    public int deleteUnseen(String prefix, long sweepId, Predicate<String> keep, EventSource source) {
        seeding = false; // live changes after the first sweep are always published
        List<String> gone = checkpoint.unseen(prefix, sweepId, path -> !keep.test(path));
        gone.forEach(path -> {
            Instant now = clock.now();
            publishDelete(path, clock.next(now), now, source, null);
        });
        return gone.size() + retireUnseen(prefix, keep, source);
    }

    /** Retires the instances the view holds under {@code prefix} that the sweep did not see and that are older than its start. */
    private int retireUnseen(String prefix, Predicate<String> keep, EventSource source) {
        if (sweepStart == null || !awaitView()) {
            return 0;
        }
        String cutoff = Sequencer.of(sweepStart.minus(CLOCK_ALLOWANCE), "");
        List<String> unseen = new ArrayList<>();
        view.forEachUnder(prefix, (path, held) -> {
            if (!checkpoint.contains(path) && !keep.test(path) && Sequencer.compare(held.sequencer(), cutoff) < 0) {
                unseen.add(path);
            }
        });
        String reason = "not found by the " + (source == EventSource.S3_LIST ? "listing" : "scan") + " of silo " + silo
                + " that began at " + sweepStart;
        unseen.forEach(path -> publishDelete(path, sweepSequencer, sweepStart, source, reason));
        retired += unseen.size();
        return unseen.size();
    }

    private boolean awaitView() {
        try {
            return view.awaitCaughtUp(sweepStartNanos, VIEW_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the watcher is stopping: retire nothing
            return false;
        }
    }

    private void publishDelete(String path, String sequencer, Instant observed, EventSource source, String message) {
        sink.publish(FileEvent.newBuilder()
                .setPath(path).setSilo(silo).setType(FileEventType.DELETE).setMtime(observed)
                .setSequencer(sequencer).setSource(source).setObservedAt(observed).setMessage(message).build());
        checkpoint.remove(path);
        missingFromView.remove(path);
        published++;
        dirty = true;
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

    /** Instances of the view retired by sweeps because storage did not have them. */
    public long retired() {
        return retired;
    }

    /** Files published again because the view missed what a sweep saw. */
    public long republished() {
        return republished;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }
}
