package io.meridian.placement.reconcile;

import io.meridian.namespace.SiloLocations;
import io.meridian.placement.request.StagingNeed;
import io.meridian.placement.tracking.Tracker;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementAction;
import io.meridian.schemas.PlacementControl;
import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's reconciliation of its own files: keeps the local copy of their FileRecords (sorted by
 * path, so a directory is a range) and their {@link SiloIndex} (what is on each silo), publishes a
 * placement notice for every instance gained or lost (with where the instance is and which staging
 * requests it serves), and plans the next command for a file whenever the file, a result or the
 * global state changes — unless the file already has an open
 * command or is stuck. The task's features (rescans, staging, eviction, drains) plan and issue
 * through it; what else they read they get from the task's {@link TaskState}, not from here.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final KeyValueStore<String, FileRecord> files;
    private final SiloIndex index;
    private final Tracker tracker;
    private final GlobalView view;
    private final long leaseMillis;
    private final int partitions;
    private final Emitter emitter;

    /**
     * @param leaseMillis how long a mover may hold a command before it is issued again
     * @param partitions  how many tasks share each silo's free space
     */
    public Reconciler(KeyValueStore<String, FileRecord> files, SiloIndex index, Tracker tracker, GlobalView view,
                      long leaseMillis, int partitions, Emitter emitter) {
        this.files = files;
        this.index = index;
        this.tracker = tracker;
        this.view = view;
        this.leaseMillis = leaseMillis;
        this.partitions = partitions;
        this.emitter = emitter;
    }

    /** A new version of a file's record, or null when the file has no instance left. */
    public void onFile(String path, FileRecord record, long now) {
        FileRecord previous = files.get(path);
        notices(path, previous, record, now);
        index.update(previous, record);
        if (record == null) {
            files.delete(path);
            tracker.forget(path);
            return;
        }
        files.put(path, record);
        tracker.onRecord(record);
        reconcile(record, now);
    }

    public void onResult(MoveResult result, long now) {
        Tracker.Outcome outcome = tracker.onResult(result, now);
        if (outcome == Tracker.Outcome.SOURCE_CHANGED) {
            // the view may already be newer than the plan (the change reached it while the copy ran): plan from it now
            FileRecord current = files.get(result.getPath());
            if (current != null) {
                tracker.onRecord(current);
                reconcile(current, now);
            }
        }
        if (outcome == Tracker.Outcome.STUCK) {
            LOG.warn("Parked {} as stuck after command {} failed: {}", result.getPath(), result.getCommandId(),
                    result.getErrorMessage());
        }
    }

    /**
     * An operator's instruction about a file. RETRY releases the file if it is stuck and plans it at
     * once, with a fresh count of attempts; for a file that is not stuck (never was, or released
     * already) it does nothing, so a repeated or late retry cannot disturb a command in flight.
     */
    public void onControl(PlacementControl control, long now) {
        if (control.getAction() == PlacementAction.RETRY && tracker.release(control.getPath())) {
            LOG.info("Retrying stuck {} as {} asked", control.getPath(), control.getRequestedBy());
            reconcile(control.getPath(), now);
        }
    }

    /** Plans and issues the next command for the file at {@code path}, if this task holds it and it has none open. */
    public void reconcile(String path, long now) {
        FileRecord record = files.get(path);
        if (record != null) {
            reconcile(record, now);
        }
    }

    public FileRecord file(String path) {
        return files.get(path);
    }

    /** Plans and issues the next command for a file, if it has none open; returns the plan, or null when it has one. */
    public Plan reconcile(FileRecord record, long now) {
        if (tracker.busy(record.getPath())) {
            return null;
        }
        Plan plan = Planner.plan(input(record, now));
        plan.action().ifPresent(action -> issue(action, record, now));
        return plan;
    }

    public PlanInput input(FileRecord record, long now) {
        return view.input(record, tracker.bytesInFlight(), partitions, now);
    }

    /** Issues {@code action} for {@code record} as a command with the task's lease, and tracks it. */
    public void issue(Action action, FileRecord record, long now) {
        MoveCommand command = Commands.of(action, record, now, leaseMillis);
        tracker.issued(command);
        emitter.command(command);
    }

    /** Re-issues expired leases and due retries, and plans again the files whose wait for the view ended. */
    public void resendDue(long now) {
        List<String> replan = new ArrayList<>();
        for (MoveCommand command : tracker.due(now, replan::add)) {
            LOG.info("Re-issuing {} {} of {} (attempt {})", command.getOp(), command.getCommandId(), command.getPath(),
                    command.getAttempt());
            emitter.command(command);
        }
        for (String path : replan) {
            reconcile(path, now);
        }
    }

    /** Visits the records under {@code prefix} (a key range; the empty prefix is every record). */
    public void forEach(String prefix, Consumer<FileRecord> visitor) {
        visitFiles(prefix, null, record -> {
            visitor.accept(record);
            return true;
        });
    }

    /**
     * Visits the records under {@code prefix} in path order, after the path {@code after} when not
     * null, until {@code visitor} returns false. Returns the last path visited when stopped, or null
     * when the range was exhausted.
     */
    public String visitFiles(String prefix, String after, Predicate<FileRecord> visitor) {
        String from = after == null ? prefix : after + '\u0000'; // the smallest key after {@code after}
        // an open upper bound for every path: a path past U+FFFF (an emoji) sorts above any string bound
        try (KeyValueIterator<String, FileRecord> it = files.range(from, prefix.isEmpty() ? null : prefix + Character.MAX_VALUE)) {
            while (it.hasNext()) {
                FileRecord record = it.next().value;
                if (!visitor.test(record)) {
                    return record.getPath();
                }
            }
        }
        return null;
    }

    private void notices(String path, FileRecord before, FileRecord after, long now) {
        Set<String> was = present(before);
        Set<String> is = present(after);
        // when the file is gone, its last record says which requests selected it
        FileRecord file = after != null ? after : before;
        for (String silo : is) {
            if (!was.contains(silo)) {
                notice(path, file, silo, PlacementChange.ADDED, sizeOn(after, silo), now);
            }
        }
        for (String silo : was) {
            if (!is.contains(silo)) {
                notice(path, file, silo, PlacementChange.REMOVED, sizeOn(before, silo), now);
            }
        }
    }

    /**
     * A notice a scheduler acts on without joins: the silo's site and tier, where the instance is on
     * it ({@link SiloLocations#uri}) and the staging requests the change serves ({@link #servedRequests}).
     */
    private void notice(String path, FileRecord file, String siloId, PlacementChange change, long size, long now) {
        Silo silo = view.silos().get(siloId);
        if (silo == null) {
            LOG.warn("No placement notice for {} on unknown silo {}", path, siloId);
            return;
        }
        emitter.notice(PlacementNotice.newBuilder().setPath(path).setSilo(siloId).setSite(silo.getSite())
                .setTier(silo.getTier()).setChange(change).setSize(size).setAt(Instant.ofEpochMilli(now))
                .setUri(SiloLocations.uri(silo, path).orElse(null))
                .setStagingRequests(servedRequests(file, silo, now)).build());
    }

    /**
     * The ids of the open staging requests (pin not over) that select {@code file} and are met at
     * {@code silo} (its site, and its tier when the request names one), in {@link GlobalView#REQUEST_ORDER}:
     * the same requests the planner places the file for ({@link GlobalView#needs}).
     */
    private List<String> servedRequests(FileRecord file, Silo silo, long now) {
        return GlobalView.needs(view.requests(), file, view.silos(), now).stream()
                .filter(need -> need.metAt(silo)).map(StagingNeed::requestId).toList();
    }

    private static Set<String> present(FileRecord record) {
        Set<String> silos = new TreeSet<>();
        if (record != null) {
            for (Instance instance : record.getInstances()) {
                if (instance.getState() == InstanceState.PRESENT) {
                    silos.add(instance.getSilo());
                }
            }
        }
        return silos;
    }

    private static long sizeOn(FileRecord record, String silo) {
        Instance instance = VerifiedCopies.instanceOn(record, silo);
        return instance == null ? 0 : instance.getSize();
    }
}
