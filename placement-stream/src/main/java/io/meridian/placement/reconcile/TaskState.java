package io.meridian.placement.reconcile;

import io.meridian.placement.tracking.Tracker;

/**
 * What one placement task holds, built once when the task starts ({@code PlacementProcessor.init}):
 * each feature is constructed with the parts of it that it uses, and reaches through none of them.
 *
 * @param reconciler plans and issues commands for the task's files, and walks them
 * @param index      the task's instances by silo
 * @param tracker    the task's open commands and stuck files
 * @param view       the global state (policies, silos, usage, staging requests)
 * @param emitter    where decisions go
 * @param partition  the task's partition of meridian.metadata
 * @param partitions how many partitions meridian.metadata has
 */
public record TaskState(Reconciler reconciler, SiloIndex index, Tracker tracker, GlobalView view, Emitter emitter,
                        int partition, int partitions) {
}
