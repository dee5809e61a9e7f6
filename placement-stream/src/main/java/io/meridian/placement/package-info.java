/**
 * The placement Kafka Streams app: objectives, staging requests, watermarks and drains reconciled
 * into MoveCommands. {@link io.meridian.placement.PlacementTopology} is the topology,
 * {@link io.meridian.placement.PlacementApp} the stage. Sub-packages by feature: {@code policy}
 * (CEL conditions, silo selectors, validation), {@code reconcile} (the pure planner shared with
 * {@code meridian explain}, the per-task reconciler and the task's state), {@code tracking} (open
 * commands, retries, leases, stuck files), {@code request} (what a staging request selects and
 * needs), {@code staging} (scanning staging requests and their summed status) and {@code capacity}
 * (watermark eviction, drain and retirement). Dependencies go one way: the root wires the features
 * ({@code capacity}, {@code staging}) together; they build on {@code reconcile}, which builds on
 * {@code policy}, {@code request} and {@code tracking}.
 */
package io.meridian.placement;
