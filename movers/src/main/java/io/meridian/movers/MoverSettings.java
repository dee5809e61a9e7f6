package io.meridian.movers;

import io.meridian.config.ByteSize;
import io.meridian.storage.SiloStores;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a mover process runs.
 *
 * @param workers            worker threads, each one consumer in group {@value MoverStage#GROUP}
 * @param bandwidth          bytes per second per silo id, shared by every worker of the process (absent: unlimited)
 * @param bufferSize         copy buffer per worker
 * @param partSize           S3 multipart part size
 * @param parallelParts      S3 parts in flight per write
 * @param sweepInterval      how often leftovers of dead writers are looked for (first sweep at start)
 * @param s3LeftoverAge      incomplete multipart uploads older than this are aborted
 * @param shutdownTimeout    how long close() lets running copies finish before it abandons them
 * @param maxPollInterval    longest a single command may take before the group considers the worker dead
 * @param sessionTimeout     how fast the group notices a dead worker
 */
public record MoverSettings(int workers, Map<String, Long> bandwidth, int bufferSize, int partSize, int parallelParts,
                            Duration sweepInterval, Duration s3LeftoverAge, Duration shutdownTimeout,
                            Duration maxPollInterval, Duration sessionTimeout) {
    public static final int DEFAULT_WORKERS = 2;
    public static final String ENV_WORKERS = "MERIDIAN_MOVER_WORKERS";
    public static final String ENV_BANDWIDTH = "MERIDIAN_MOVER_BANDWIDTH";

    public MoverSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("movers need at least 1 worker, got " + workers);
        }
        bandwidth = Map.copyOf(bandwidth);
    }

    /**
     * Copy buffer per worker: 128 KiB, like cp's. Measured on 2 GiB copies, a buffer that stays in the
     * CPU's L2 cache between the read, the CRC32C and the write copied 1.5-1.7 GB/s, a 1 MiB one
     * 0.4-1.6 GB/s (bench/RESULTS.md, mover-large).
     */
    public static final int DEFAULT_BUFFER_SIZE = 128 * 1024;

    public static MoverSettings defaults() {
        return new MoverSettings(DEFAULT_WORKERS, Map.of(), DEFAULT_BUFFER_SIZE, SiloStores.DEFAULT_PART_SIZE,
                SiloStores.DEFAULT_PARALLEL_PARTS, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofMinutes(30), Duration.ofSeconds(45));
    }

    /** Defaults, with {@value #ENV_WORKERS} (a count) and {@value #ENV_BANDWIDTH} ({@code silo=100MiB,other=20MiB}, per second). */
    public static MoverSettings fromEnvironment(UnaryOperator<String> env) {
        MoverSettings s = defaults();
        String workers = env.apply(ENV_WORKERS);
        if (workers != null && !workers.isBlank()) {
            try {
                s = s.withWorkers(Integer.parseInt(workers.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_WORKERS + " must be a number of workers, got '" + workers + "'");
            }
        }
        String bandwidth = env.apply(ENV_BANDWIDTH);
        return bandwidth == null || bandwidth.isBlank() ? s : s.withBandwidth(parseBandwidth(bandwidth));
    }

    /** Parses {@code silo=100MiB,other=20MiB} (bytes per second per silo). */
    public static Map<String, Long> parseBandwidth(String text) {
        Map<String, Long> limits = new HashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("bandwidth '" + entry + "' is not SILO=SIZE per second, e.g. nas=100MiB");
            }
            limits.put(parts[0].trim(), ByteSize.parse(parts[1].trim()));
        }
        return limits;
    }

    public MoverSettings withWorkers(int count) {
        return new MoverSettings(count, bandwidth, bufferSize, partSize, parallelParts, sweepInterval, s3LeftoverAge,
                shutdownTimeout, maxPollInterval, sessionTimeout);
    }

    public MoverSettings withBandwidth(Map<String, Long> limits) {
        return new MoverSettings(workers, limits, bufferSize, partSize, parallelParts, sweepInterval, s3LeftoverAge,
                shutdownTimeout, maxPollInterval, sessionTimeout);
    }

    public MoverSettings withTimings(Duration sweep, Duration shutdown, Duration session) {
        return new MoverSettings(workers, bandwidth, bufferSize, partSize, parallelParts, sweep, s3LeftoverAge,
                shutdown, maxPollInterval, session);
    }
}
