package io.meridian.movers;

import io.meridian.storage.SiloStore;
import io.meridian.storage.posix.PosixSiloStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mover process's background work: at start, the committed bytes of every silo (for the
 * capacity ledger) and a sweep of leftovers of dead writers; then the sweep again every
 * {@code sweepInterval}, and a metrics line every {@value #METRICS_SECONDS} seconds.
 */
final class Maintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private static final long METRICS_SECONDS = 30;

    private final Map<String, SiloStore> stores;
    private final CapacityLedger ledger;
    private final MoverMetrics metrics;
    private final MoverSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mover-maintenance");
        t.setDaemon(true);
        return t;
    });

    Maintenance(Map<String, SiloStore> stores, CapacityLedger ledger, MoverMetrics metrics, MoverSettings settings) {
        this.stores = stores;
        this.ledger = ledger;
        this.metrics = metrics;
        this.settings = settings;
    }

    void start() {
        timer.execute(this::measureUsage);
        long sweepMillis = settings.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, 0, sweepMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> LOG.info("Movers: {}", metrics.summary()), METRICS_SECONDS, METRICS_SECONDS,
                TimeUnit.SECONDS);
    }

    private void measureUsage() {
        stores.forEach((id, store) -> {
            AtomicLong bytes = new AtomicLong();
            try {
                store.list("", stat -> bytes.addAndGet(stat.size()));
                ledger.setCommitted(id, bytes.get());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot measure the usage of silo {}: {}; capacity checks count only this process's copies", id, e.toString());
            }
        });
    }

    /** Public for tests through the stage: removes leftovers of writers that are gone. */
    void sweep() {
        stores.forEach((id, store) -> {
            // a POSIX temp file is locked by its live writer, so age does not matter there
            Duration minAge = store instanceof PosixSiloStore ? Duration.ZERO : settings.s3LeftoverAge();
            try {
                int removed = store.cleanLeftovers(minAge);
                if (removed > 0) {
                    LOG.info("Removed {} leftovers of dead writers in silo {}", removed, id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot sweep leftovers in silo {}: {}", id, e.toString());
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
