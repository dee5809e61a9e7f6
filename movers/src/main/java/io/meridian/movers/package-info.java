/**
 * Stateless mover workers: {@link io.meridian.movers.MoverStage} runs a pool of them in consumer group
 * {@code meridian-movers}; each command is executed by {@code MoveExecutor} (COPY, MOVE,
 * DELETE_INSTANCE) on top of {@link io.meridian.movers.CopyEngine} (preconditions, idempotence, CRC32C
 * verification, atomic commit through {@link io.meridian.storage.SiloStore}), and reported to
 * {@code meridian.move-results} and {@code meridian.file-events} before its offset is committed.
 */
package io.meridian.movers;
