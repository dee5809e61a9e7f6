package io.meridian.movers;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one mover process, on the process's registry:
 * <ul>
 *   <li>{@code meridian_mover_commands_total{op,status}}: commands executed, by op and result status;</li>
 *   <li>{@code meridian_mover_bytes_total{source,target}}: bytes copied per silo pair (its rate is the
 *       pair's throughput);</li>
 *   <li>{@code meridian_mover_failures_total{reason}}: FAILED and SOURCE_CHANGED results by error class;</li>
 *   <li>{@code meridian_mover_retries_total}: commands executed that placement had issued before
 *       ({@code attempt > 1});</li>
 *   <li>{@code meridian_mover_queue_lag_records}: commands waiting in the partition a worker last
 *       committed on (the last value any worker saw);</li>
 *   <li>{@code meridian_mover_consumer_lag_records}: commands not yet fetched, over every partition
 *       of every worker's consumer (registered by {@link MoverStage}).</li>
 * </ul>
 * Every op, status, failure class and ordered pair of the given silos is registered at construction,
 * at zero; a pair or class seen later is added when it happens.
 */
public final class MoverMetrics {
    static final List<String> FAILURE_CLASSES = List.of(MoveFailure.CHECKSUM_MISMATCH, MoveFailure.TARGET_FULL,
            MoveFailure.SOURCE_MISSING, MoveFailure.SOURCE_CHANGED, MoveFailure.LAST_INSTANCE, MoveFailure.BAD_COMMAND,
            MoveFailure.SYMLINK_REFUSED, MoveFailure.IO);

    private final MeterRegistry registry;
    private final Counter retries;
    private final AtomicLong lag = new AtomicLong();
    private long lastBytes;
    private long lastFiles;
    private long lastNanos = System.nanoTime();

    /** Registers every meter on {@code registry}, with a bytes series for each ordered pair of {@code silos}. */
    public MoverMetrics(MeterRegistry registry, Collection<String> silos) {
        this.registry = registry;
        for (MoveOp op : MoveOp.values()) {
            for (MoveStatus status : MoveStatus.values()) {
                commands(op.name(), status.name());
            }
        }
        for (String source : silos) {
            for (String target : silos) {
                if (!source.equals(target)) {
                    bytes(source, target);
                }
            }
        }
        FAILURE_CLASSES.forEach(this::failures);
        retries = Counter.builder("meridian.mover.retries")
                .description("Commands executed that placement had issued before (attempt > 1)").register(registry);
        Gauge.builder("meridian.mover.queue.lag", lag, AtomicLong::get).baseUnit("records")
                .description("Commands behind in the partition a mover worker last committed on").register(registry);
    }

    /** Counts a command's execution: its op and status, its bytes on its silo pair, its failure class, a retry. */
    void recorded(MoveCommand command, MoveOutcome outcome) {
        commands(command.getOp().name(), outcome.status().name()).increment();
        if (outcome.errorClass() != null) {
            failures(outcome.errorClass()).increment();
        }
        if (outcome.bytes() > 0 && command.getTargetSilo() != null) {
            bytes(command.getSourceSilo(), command.getTargetSilo()).increment(outcome.bytes());
        }
        if (command.getAttempt() > 1) {
            retries.increment();
        }
    }

    void lag(long records) {
        lag.set(records);
    }

    private Counter commands(String op, String status) {
        return Counter.builder("meridian.mover.commands").tag("op", op).tag("status", status)
                .description("Move commands executed, by op and result status").register(registry);
    }

    private Counter bytes(String source, String target) {
        return Counter.builder("meridian.mover.bytes").tag("source", source).tag("target", target).baseUnit("bytes")
                .description("Bytes copied, by source and target silo").register(registry);
    }

    private Counter failures(String reason) {
        return Counter.builder("meridian.mover.failures").tag("reason", reason)
                .description("Failed commands (FAILED or SOURCE_CHANGED), by error class").register(registry);
    }

    /** Bytes copied, all pairs. */
    public long bytes() {
        return (long) registry.find("meridian.mover.bytes").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Files copied (commands that copied bytes are counted by status; this is SUCCEEDED COPY and MOVE). */
    public long files() {
        return (long) registry.find("meridian.mover.commands").tag("status", MoveStatus.SUCCEEDED.name()).counters().stream()
                .filter(c -> !MoveOp.DELETE_INSTANCE.name().equals(c.getId().getTag("op"))).mapToDouble(Counter::count).sum();
    }

    /** Results by status (SUCCEEDED, ALREADY_PRESENT, ...), every op. */
    public Map<String, Long> byStatus() {
        return sumBy("meridian.mover.commands", "status");
    }

    /** Failures by error class, the ones that happened. */
    public Map<String, Long> failures() {
        return sumBy("meridian.mover.failures", "reason");
    }

    private Map<String, Long> sumBy(String name, String tag) {
        Map<String, Long> out = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            if (c.count() > 0) {
                out.merge(c.getId().getTag(tag), (long) c.count(), Long::sum);
            }
        }
        return out;
    }

    /** One log line: rates since the previous call, totals, failures by class and queue lag. */
    synchronized String summary() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long b = bytes();
        long f = files();
        String line = String.format("%.1f MiB/s, %.1f files/s; total %d files, %d bytes; results %s; failures %s; lag %d",
                (b - lastBytes) / seconds / (1 << 20), (f - lastFiles) / seconds, f, b, byStatus(), failures(), lag.get());
        lastBytes = b;
        lastFiles = f;
        lastNanos = now;
        return line;
    }
}
