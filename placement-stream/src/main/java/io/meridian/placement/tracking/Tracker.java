package io.meridian.placement.tracking;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The commands one task has open, and the files it gave up on. At most one open command per file:
 * a file with an open command is not planned again until a result (or the metadata table, or a
 * lease) closes it. Bytes in flight into each silo are kept in memory, rebuilt from the store when
 * the task starts, for the capacity check of invariant 6, and so are due times, so that a tick costs
 * what is due rather than a scan of every open command. The due index and the set of stuck paths
 * also say which files have state here at all, so the common file (nothing open, not stuck) costs
 * no store read.
 */
public final class Tracker {
    /** What a result did to its command. */
    public enum Outcome { UNKNOWN, SUCCEEDED, RETRY, STUCK, SOURCE_CHANGED }

    /**
     * After SOURCE_CHANGED a file waits for the view to show its source's new attributes (any newer
     * record ends the wait and plans again), but no longer than this: a view that never changes is
     * planned from again, never parked silently.
     */
    public static final long SOURCE_CHANGED_WAIT_MILLIS = 30_000;

    private final KeyValueStore<String, InFlight> open;
    private final KeyValueStore<String, StuckFile> stuck;
    private final Backoff backoff;
    private final long awaitRecordMillis;
    private final Map<String, Long> bytesInto = new HashMap<>();
    private final Map<String, Long> bytesDeleting = new HashMap<>();
    private Map<String, Long> bytesIntoSnapshot;
    /** When each open command is due (lease end, retry, end of wait), so a tick touches only due ones. */
    private final NavigableMap<Long, Set<String>> dueIndex = new TreeMap<>();
    private final Map<String, Long> dueOf = new HashMap<>();
    private final Set<String> stuckPaths = new HashSet<>();

    public Tracker(KeyValueStore<String, InFlight> open, KeyValueStore<String, StuckFile> stuck, Backoff backoff,
                   long awaitRecordMillis) {
        this.open = open;
        this.stuck = stuck;
        this.backoff = backoff;
        this.awaitRecordMillis = awaitRecordMillis;
        try (KeyValueIterator<String, InFlight> it = open.all()) {
            it.forEachRemaining(kv -> kv.value.commands().forEach(c -> {
                add(c, 1);
                index(c);
            }));
        }
        try (KeyValueIterator<String, StuckFile> it = stuck.all()) {
            it.forEachRemaining(kv -> stuckPaths.add(kv.key));
        }
    }

    /** Files with a command open: at a mover, waiting for the metadata table, or backing off. */
    public int openCount() {
        return dueOf.size();
    }

    /** Files parked as stuck. */
    public int stuckCount() {
        return stuckPaths.size();
    }

    public boolean busy(String path) {
        return dueOf.containsKey(path) || stuckPaths.contains(path);
    }

    public InFlight openCommands(String path) {
        return dueOf.containsKey(path) ? open.get(path) : null;
    }

    public StuckFile stuck(String path) {
        return stuckPaths.contains(path) ? stuck.get(path) : null;
    }

    /** Bytes this task's open COPY and MOVE commands add to each silo. */
    public Map<String, Long> bytesInFlight() {
        if (bytesIntoSnapshot == null) {
            bytesIntoSnapshot = Map.copyOf(bytesInto); // planning reads it per record; it changes per command
        }
        return bytesIntoSnapshot;
    }

    /** Bytes this task's open DELETE_INSTANCE commands will free on the silo (evictions count them toward their share). */
    public long bytesDeleting(String silo) {
        return bytesDeleting.getOrDefault(silo, 0L);
    }

    public void issued(MoveCommand command) {
        put(command.getPath(), TrackedCommand.issued(command));
    }

    /** Applies a mover's result; results for commands this task does not know are ignored. */
    public Outcome onResult(MoveResult result, long now) {
        TrackedCommand tracked = find(result.getPath(), result.getCommandId());
        if (tracked == null || tracked.state() != TrackedCommand.State.IN_FLIGHT) {
            return Outcome.UNKNOWN;
        }
        MoveStatus status = result.getStatus();
        if (status == MoveStatus.SUCCEEDED || status == MoveStatus.ALREADY_PRESENT) {
            put(result.getPath(), tracked.inState(TrackedCommand.State.AWAITING_RECORD, now + awaitRecordMillis, null));
            return Outcome.SUCCEEDED;
        }
        if (status == MoveStatus.SOURCE_CHANGED) {
            long wait = Math.min(awaitRecordMillis, SOURCE_CHANGED_WAIT_MILLIS);
            put(result.getPath(), tracked.inState(TrackedCommand.State.AWAITING_RECORD, now + wait, status.name()));
            return Outcome.SOURCE_CHANGED;
        }
        String error = result.getErrorClass() + ": " + result.getErrorMessage();
        return failed(tracked, error, now);
    }

    /**
     * Closes a command waiting for the metadata table once a newer record shows its effect (or, after
     * a changed source, any newer record), and releases a stuck file when its record changed.
     */
    public void onRecord(FileRecord record) {
        StuckFile parked = stuck(record.getPath());
        if (parked != null && record.getVersion() > parked.recordVersion()) {
            unpark(record.getPath());
        }
        TrackedCommand tracked = single(record.getPath());
        if (tracked != null && tracked.state() == TrackedCommand.State.BACKOFF && record.getVersion() > tracked.recordVersion()) {
            remove(tracked); // not at any mover now: plan afresh from the new record rather than retry a stale plan
            return;
        }
        if (tracked != null && tracked.state() == TrackedCommand.State.AWAITING_RECORD
                && record.getVersion() > tracked.recordVersion()
                && (tracked.lastError() != null || reflected(tracked, record))) {
            remove(tracked);
        }
    }

    /** Releases a stuck file so it is planned again (an operator's retry); false when it was not stuck. */
    public boolean release(String path) {
        if (!stuckPaths.contains(path)) {
            return false;
        }
        unpark(path);
        return true;
    }

    /** The file has no instance left: nothing to track for it any more. */
    public void forget(String path) {
        TrackedCommand tracked = single(path);
        if (tracked != null) {
            remove(tracked);
        }
        if (stuckPaths.contains(path)) {
            unpark(path);
        }
    }

    /**
     * Handles every command whose time has come: re-issues leases that expired and retries whose
     * backoff ended (returned, to be sent again), parks files out of attempts, and closes waits for
     * the metadata table that lasted too long; the paths whose wait after a changed source ended go
     * to {@code replan}, to be planned again from the current view.
     */
    public List<MoveCommand> due(long now, Consumer<String> replan) {
        List<TrackedCommand> expired = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        dueIndex.headMap(now, true).values().forEach(paths::addAll);
        for (String path : paths) {
            TrackedCommand tracked = single(path);
            if (tracked != null && tracked.dueAt() <= now) {
                expired.add(tracked);
            }
        }
        List<MoveCommand> resend = new ArrayList<>();
        for (TrackedCommand tracked : expired) {
            if (tracked.state() == TrackedCommand.State.AWAITING_RECORD) {
                remove(tracked);
                if (tracked.lastError() != null) {
                    replan.accept(tracked.path()); // a changed source: plan from the view as it is now
                }
            } else if (tracked.state() == TrackedCommand.State.IN_FLIGHT && backoff.exhausted(tracked.attempt())) {
                park(tracked, "no result within the lease after " + tracked.attempt() + " attempts", now);
            } else {
                TrackedCommand again = tracked.reissued(now);
                put(tracked.path(), again);
                resend.add(again.toCommand());
            }
        }
        return resend;
    }

    private Outcome failed(TrackedCommand tracked, String error, long now) {
        if (backoff.exhausted(tracked.attempt())) {
            park(tracked, error, now);
            return Outcome.STUCK;
        }
        put(tracked.path(), tracked.inState(TrackedCommand.State.BACKOFF, now + backoff.delayAfter(tracked.attempt()), error));
        return Outcome.RETRY;
    }

    private void park(TrackedCommand tracked, String reason, long now) {
        remove(tracked);
        stuck.put(tracked.path(), new StuckFile(tracked.path(), tracked.commandId(), reason, tracked.attempt(),
                tracked.recordVersion(), now));
        stuckPaths.add(tracked.path());
    }

    private void unpark(String path) {
        stuck.delete(path);
        stuckPaths.remove(path);
    }

    private static boolean reflected(TrackedCommand tracked, FileRecord record) {
        boolean targetPresent = tracked.target() != null && present(record, tracked.target());
        return switch (tracked.op()) {
            case COPY -> targetPresent;
            case MOVE -> targetPresent && !present(record, tracked.source());
            case DELETE_INSTANCE -> !present(record, tracked.source());
        };
    }

    private static boolean present(FileRecord record, String silo) {
        for (Instance instance : record.getInstances()) {
            if (instance.getSilo().equals(silo) && instance.getState() == InstanceState.PRESENT) {
                return true;
            }
        }
        return false;
    }

    private TrackedCommand find(String path, String commandId) {
        TrackedCommand tracked = single(path);
        return tracked != null && tracked.commandId().equals(commandId) ? tracked : null;
    }

    private TrackedCommand single(String path) {
        InFlight inFlight = openCommands(path);
        return inFlight == null || inFlight.commands().isEmpty() ? null : inFlight.commands().get(0);
    }

    private void put(String path, TrackedCommand command) {
        TrackedCommand previous = single(path);
        if (previous != null) {
            add(previous, -1);
        }
        open.put(path, InFlight.of(command));
        add(command, 1);
        index(command);
    }

    private void remove(TrackedCommand command) {
        open.delete(command.path());
        add(command, -1);
        unindex(command.path());
    }

    private void index(TrackedCommand command) {
        unindex(command.path());
        dueOf.put(command.path(), command.dueAt());
        dueIndex.computeIfAbsent(command.dueAt(), t -> new HashSet<>()).add(command.path());
    }

    private void unindex(String path) {
        Long due = dueOf.remove(path);
        if (due != null) {
            Set<String> paths = dueIndex.get(due);
            paths.remove(path);
            if (paths.isEmpty()) {
                dueIndex.remove(due);
            }
        }
    }

    private void add(TrackedCommand command, int sign) {
        if (command.target() != null && command.op() != MoveOp.DELETE_INSTANCE) {
            bytesIntoSnapshot = null;
            bytesInto.merge(command.target(), sign * command.bytesIntoTarget(), Long::sum);
            bytesInto.remove(command.target(), 0L);
        } else if (command.op() == MoveOp.DELETE_INSTANCE && command.source() != null) {
            bytesDeleting.merge(command.source(), sign * command.size(), Long::sum);
            bytesDeleting.remove(command.source(), 0L);
        }
    }
}
