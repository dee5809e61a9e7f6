package io.meridian.placement.reconcile;

import io.meridian.schemas.MoveOp;

/**
 * The next step for a file: one COPY, MOVE or DELETE_INSTANCE. Placement keeps at most one command
 * per file open, so a plan has at most one action; the next one is planned when it completes.
 *
 * @param op       operation
 * @param source   silo read from, or whose instance is deleted
 * @param target   silo written to; null for DELETE_INSTANCE
 * @param reason   policy name, {@code staging:ID}, {@code drain:SILO} or {@code evict:SILO}
 * @param priority higher first
 * @param deadline epoch millis when a staging request needs it, else null
 */
public record Action(MoveOp op, String source, String target, String reason, int priority, Long deadline) {
}
