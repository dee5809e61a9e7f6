package io.meridian.query.store;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;

/**
 * One recent move: its command and, once a mover reported, its result. A row of the {@code moves}
 * table; {@code status} is {@code pending} until the result arrives, then the result's status.
 */
public record MoveRow(
        String commandId,
        String path,
        String op,
        String sourceSilo,
        String targetSilo,
        String reason,
        String status,
        Long issuedAt,
        Long finishedAt,
        long bytes,
        String error) {

    static MoveRow pending(MoveCommand c) {
        return new MoveRow(c.getCommandId(), c.getPath(), c.getOp().name(), c.getSourceSilo(), c.getTargetSilo(),
                c.getReason(), "pending", c.getIssuedAt().toEpochMilli(), null, 0, null);
    }

    /** This finished move with what only its command knows (reason, issue time). */
    MoveRow withCommand(MoveRow command) {
        return new MoveRow(commandId, path, op, sourceSilo, targetSilo, command.reason(), status, command.issuedAt(),
                finishedAt, bytes, error);
    }

    /** This move with its result; {@code previous} (may be null) supplies what only the command knows. */
    static MoveRow finished(MoveRow previous, MoveResult r) {
        String error = r.getErrorClass() == null ? null
                : r.getErrorClass() + (r.getErrorMessage() == null ? "" : ": " + r.getErrorMessage());
        return new MoveRow(r.getCommandId(), r.getPath(), r.getOp().name(), r.getSourceSilo(), r.getTargetSilo(),
                previous == null ? null : previous.reason(), r.getStatus().name().toLowerCase(),
                previous == null ? null : previous.issuedAt(), r.getFinishedAt().toEpochMilli(), r.getBytes(), error);
    }
}
