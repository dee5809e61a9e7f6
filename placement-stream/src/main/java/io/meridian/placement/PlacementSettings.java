package io.meridian.placement;

import io.meridian.placement.tracking.Backoff;
import java.time.Duration;

/**
 * Tunables of the placement app.
 *
 * @param tick             how often each task checks for new policies, silos and staging requests,
 *                         expired leases, due retries, watermarks and drains (wall-clock punctuator)
 * @param leaseMillis      a command without a result after this long is re-issued
 * @param awaitRecordMillis after a successful result, how long to wait for the metadata table to show
 *                         it before planning the file again
 * @param backoff          retry delays and the attempt limit after which a file is parked as stuck
 * @param partitions       partitions of {@code meridian.metadata}: each task may fill 1/partitions of a
 *                         silo's free space, and staging is READY only when every partition has reported
 * @param rescanInterval   how often pending re-evaluations (after a policy or silo change) advance
 * @param rescanBatch      files re-evaluated per advance, which bounds how long the stream thread is busy
 */
public record PlacementSettings(Duration tick, long leaseMillis, long awaitRecordMillis, Backoff backoff, int partitions,
                                Duration rescanInterval, int rescanBatch) {

    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final long DEFAULT_LEASE_MILLIS = Duration.ofMinutes(10).toMillis();
    public static final long DEFAULT_AWAIT_RECORD_MILLIS = Duration.ofMinutes(2).toMillis();
    public static final Backoff DEFAULT_BACKOFF = new Backoff(5_000, Duration.ofMinutes(10).toMillis(), 6);
    public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofMillis(20);
    /** About 10-20 ms of planning on one core, so a record waits at most that long behind a re-evaluation. */
    public static final int DEFAULT_RESCAN_BATCH = 200;

    public PlacementSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (rescanBatch < 1) {
            throw new IllegalArgumentException("rescanBatch must be at least 1, was " + rescanBatch);
        }
    }

    /** Settings with the default re-evaluation pace. */
    public PlacementSettings(Duration tick, long leaseMillis, long awaitRecordMillis, Backoff backoff, int partitions) {
        this(tick, leaseMillis, awaitRecordMillis, backoff, partitions, DEFAULT_RESCAN_INTERVAL, DEFAULT_RESCAN_BATCH);
    }

    /** The same settings re-evaluating {@code batch} files per advance. */
    public PlacementSettings withRescanBatch(int batch) {
        return new PlacementSettings(tick, leaseMillis, awaitRecordMillis, backoff, partitions, rescanInterval, batch);
    }

    /** The defaults above for a metadata topic of {@code partitions} partitions. */
    public static PlacementSettings defaults(int partitions) {
        return new PlacementSettings(DEFAULT_TICK, DEFAULT_LEASE_MILLIS, DEFAULT_AWAIT_RECORD_MILLIS, DEFAULT_BACKOFF, partitions);
    }
}
