/**
 * The placement Kafka Streams app: objectives, staging requests, watermarks and drains reconciled
 * into MoveCommands. {@link io.meridian.placement.PlacementTopology} is the topology,
 * {@link io.meridian.placement.PlacementApp} the stage. Sub-packages by feature: {@code policy}
 * (CEL conditions, silo selectors, validation), {@code reconcile} (the pure planner shared with
 * {@code meridian explain}, and the per-task reconciler), {@code tracking} (open commands, retries,
 * leases, stuck files), {@code staging} (GPU staging requests and their summed status) and
 * {@code capacity} (watermark eviction, drain and retirement).
 */
package io.meridian.placement;
