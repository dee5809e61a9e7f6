package io.meridian.placement.tracking;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.Precondition;
import java.time.Instant;

/**
 * One command placement has issued for a file and not yet closed, with where it is in its life
 * ({@link State}). Kept in the {@code placement-inflight} store (see {@link InFlight}).
 */
public record TrackedCommand(
        String commandId, String path, MoveOp op, String source, String target,
        long size, long mtime, String etag, Long crc32c, long recordVersion,
        String reason, int priority, Long deadline, int attempt, long issuedAt, long leaseMillis,
        State state, long dueAt, String lastError) {

    /** Where an open command is in its life. */
    public enum State {
        /** Issued, awaiting a result until {@code dueAt}, its lease end. */
        IN_FLIGHT,
        /** Failed, re-issued at {@code dueAt}. */
        BACKOFF,
        /**
         * Succeeded (or found its source changed), kept until the metadata table shows the change or
         * {@code dueAt} passes, so that a lagging FileRecord does not cause the same command again.
         */
        AWAITING_RECORD
    }

    /** A freshly issued command. */
    public static TrackedCommand issued(MoveCommand command) {
        Precondition expected = command.getExpected();
        long issuedAt = command.getIssuedAt().toEpochMilli();
        return new TrackedCommand(command.getCommandId(), command.getPath(), command.getOp(),
                command.getSourceSilo(), command.getTargetSilo(), expected.getSize(), expected.getMtime().toEpochMilli(),
                expected.getEtag(), expected.getCrc32c(), expected.getRecordVersion(), command.getReason(),
                command.getPriority(), command.getDeadline() == null ? null : command.getDeadline().toEpochMilli(),
                command.getAttempt(), issuedAt, command.getLeaseMillis(), State.IN_FLIGHT, issuedAt + command.getLeaseMillis(), null);
    }

    /** The command as sent to movers. */
    public MoveCommand toCommand() {
        return MoveCommand.newBuilder()
                .setCommandId(commandId).setPath(path).setOp(op)
                .setSourceSilo(source).setTargetSilo(target)
                .setExpected(Precondition.newBuilder().setSize(size).setMtime(Instant.ofEpochMilli(mtime))
                        .setEtag(etag).setCrc32c(crc32c).setRecordVersion(recordVersion).build())
                .setReason(reason).setPriority(priority)
                .setDeadline(deadline == null ? null : Instant.ofEpochMilli(deadline))
                .setAttempt(attempt).setIssuedAt(Instant.ofEpochMilli(issuedAt)).setLeaseMillis(leaseMillis)
                .build();
    }

    /** The same command issued again at {@code now} with the next attempt number. */
    public TrackedCommand reissued(long now) {
        return new TrackedCommand(commandId, path, op, source, target, size, mtime, etag, crc32c, recordVersion,
                reason, priority, deadline, attempt + 1, now, leaseMillis, State.IN_FLIGHT, now + leaseMillis, lastError);
    }

    public TrackedCommand inState(State newState, long newDueAt, String error) {
        return new TrackedCommand(commandId, path, op, source, target, size, mtime, etag, crc32c, recordVersion,
                reason, priority, deadline, attempt, issuedAt, leaseMillis, newState, newDueAt, error);
    }

    /** Bytes this command adds to its target while open (COPY and MOVE), for capacity checks. */
    public long bytesIntoTarget() {
        return op == MoveOp.DELETE_INSTANCE ? 0 : size;
    }
}
