package io.meridian.watchers.posix;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.SiloKind;
import io.meridian.stage.Stage;
import io.meridian.watchers.WatcherMetrics;
import io.meridian.watchers.checkpoint.ChangeTracker;
import io.meridian.watchers.checkpoint.Checkpoint;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.SequenceClock;
import io.meridian.watchers.view.SiloView;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one POSIX silo and publishes its changes as FileEvents: a parallel initial scan against
 * the checkpoint (so a restart publishes only differences, deletes included), then live changes
 * through inotify with bursts coalesced, a rescan of just the affected subtree when notifications
 * were lost, and a full reconciliation scan at a fixed interval. Progress is checkpointed only after
 * the broker acknowledged it.
 *
 * <p>One thread owns all state; {@link #close} stops it within a bounded time and commits what was
 * acknowledged. A failure to publish (the broker or the registry away) does not stop it: it starts
 * over from the last checkpoint with a full scan, after a pause that doubles up to a minute.
 */
public final class PosixWatcher implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(PosixWatcher.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** The first and the longest pause before a watcher that failed starts over. */
    static final Duration RETRY_MIN = Duration.ofSeconds(1);
    static final Duration RETRY_MAX = Duration.ofMinutes(1);

    private final String silo;
    private final Path root;
    private final PosixWatcherSettings settings;
    private final EventSink sink;
    private final Path checkpointFile;
    private final AutoCloseable resources;
    private final SiloView view;
    private final SequenceClock clock = SequenceClock.system();
    private final EntryReader reader;
    private final ScanProgress progress;
    private final WatcherMetrics metrics;
    private final CountDownLatch initialScan = new CountDownLatch(1);
    private final Queue<Path> lostDirectories = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private boolean closed;
    private volatile boolean reconcileRequested;
    private volatile long subtreeRescans;
    private Thread thread;
    private LiveWatcher live;

    /** A watcher whose scans compare with its checkpoint alone ({@link SiloView#NONE}). */
    public PosixWatcher(String silo, Path root, String mount, PosixWatcherSettings settings, EventSink sink,
                        Path checkpointFile, AutoCloseable resources) {
        this(silo, root, mount, settings, sink, checkpointFile, SiloView.NONE, resources);
    }

    /**
     * @param view      what the global view holds for this silo: full scans make it equal to the disk
     * @param resources closed after the sink (e.g. the registry client the sink's serializer uses)
     */
    public PosixWatcher(String silo, Path root, String mount, PosixWatcherSettings settings, EventSink sink,
                        Path checkpointFile, SiloView view, AutoCloseable resources) {
        this(silo, root, mount, settings, sink, checkpointFile, view, resources, WatcherMetrics.unregistered(silo, SiloKind.POSIX));
    }

    /** As above, counting what it publishes and scans on {@code metrics}. */
    public PosixWatcher(String silo, Path root, String mount, PosixWatcherSettings settings, EventSink sink,
                        Path checkpointFile, SiloView view, AutoCloseable resources, WatcherMetrics metrics) {
        this.view = view;
        this.silo = silo;
        this.root = root.toAbsolutePath().normalize();
        this.settings = settings;
        this.metrics = metrics;
        this.sink = metrics.meter(sink);
        this.checkpointFile = checkpointFile;
        this.resources = resources;
        this.reader = new EntryReader(silo, this.root, mount, clock);
        this.progress = ScanProgress.forProcess(silo, metrics);
    }

    @Override
    public String name() {
        return "posix watcher " + silo;
    }

    @Override
    public void start() throws Exception {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("root " + root + " of silo " + silo
                    + " is not a directory: create it or fix silos[].root in the config");
        }
        ChangeTracker tracker = new ChangeTracker(silo, Checkpoint.load(checkpointFile), sink, clock, view);
        live = settings.live() ? new LiveWatcher() : null;
        PathSync sync = new PathSync(silo, reader, new TreeScanner(reader, settings.readers()), progress, tracker);
        thread = new Thread(() -> run(sync), "meridian-posix-watcher-" + silo);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(PathSync sync) {
        long backoff = RETRY_MIN.toMillis();
        String why = "initial";
        try {
            sync.tracker().awaitViewBeforeFirstSweep(ChangeTracker.VIEW_SEED_WAIT);
            while (!stopping) {
                try {
                    fullScan(sync, why);
                    initialScan.countDown();
                    if (live != null) {
                        new WatchLoop(sync).run();
                    } else {
                        reconcileLoop(sync);
                    }
                    return;
                } catch (RuntimeException e) {
                    if (stopping) {
                        return;
                    }
                    // A publish that failed (broker or registry away): nothing after the last checkpoint
                    // counts as published; start over from it with a full scan once the pause is over.
                    LOG.error("POSIX watcher of silo {} failed: {}; full scan from the last checkpoint in {} s",
                            silo, e.getMessage(), backoff / 1000, e);
                    sync.tracker(new ChangeTracker(silo, Checkpoint.load(checkpointFile), sink, clock, view));
                    why = "recovery";
                    TimeUnit.MILLISECONDS.sleep(backoff);
                    backoff = Math.min(backoff * 2, RETRY_MAX.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            initialScan.countDown();
            Thread.interrupted(); // the final commit must not be aborted by the interrupt that stopped us
            commitQuietly(sync);
        }
    }

    private void fullScan(PathSync sync, String why) throws InterruptedException {
        progress.scanStarted();
        metrics.scanStarted();
        boolean completed = false;
        long published;
        try {
            published = sync.scan(root, EventSource.POSIX_SCAN, live == null ? dir -> { } : live::register);
            commit(sync);
            completed = true;
        } finally {
            metrics.scanEnded(completed);
        }
        LOG.info("{} ({} scan; {} events published)", progress.scanFinished(), why, published);
    }

    private void reconcileLoop(PathSync sync) throws InterruptedException {
        long next = System.nanoTime() + settings.reconcileInterval().toNanos();
        while (!stopping) {
            if (reconcileRequested || System.nanoTime() >= next) {
                reconcileRequested = false;
                fullScan(sync, "reconciliation");
                next = System.nanoTime() + settings.reconcileInterval().toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The live loop: notifications → coalescer → refresh; lost directories → subtree rescans. */
    private final class WatchLoop implements LiveWatcher.Listener {
        private final PathSync sync;
        private final Coalescer coalescer = new Coalescer(settings.quietPeriod().toNanos(), settings.maxDelay().toNanos());

        WatchLoop(PathSync sync) {
            this.sync = sync;
        }

        void run() throws InterruptedException {
            long nextReconcile = System.nanoTime() + settings.reconcileInterval().toNanos();
            long nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
            long pollMillis = Math.max(10, settings.quietPeriod().toMillis() / 2);
            while (!stopping && live.poll(pollMillis, this)) {
                rescanLost();
                for (Path path : coalescer.due(System.nanoTime())) {
                    sync.refresh(path, live);
                }
                long now = System.nanoTime();
                if (reconcileRequested || now >= nextReconcile) {
                    reconcileRequested = false;
                    fullScan(sync, "reconciliation");
                    nextReconcile = System.nanoTime() + settings.reconcileInterval().toNanos();
                } else if (now >= nextCommit && sync.tracker().dirty()) {
                    commit(sync);
                    nextCommit = now + settings.commitInterval().toNanos();
                }
            }
        }

        private void rescanLost() throws InterruptedException {
            for (Path dir = lostDirectories.poll(); dir != null; dir = lostDirectories.poll()) {
                coalescer.dropUnder(dir);
                subtreeRescans++;
                LOG.info("Silo {}: change notifications below {} were lost; rescanning that subtree", silo, dir);
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    sync.scan(dir, EventSource.POSIX_WATCH, live::register);
                } else {
                    sync.refresh(dir, live);
                }
            }
        }

        @Override
        public void changed(Path path) {
            coalescer.touch(path, System.nanoTime());
        }

        @Override
        public void lost(Path dir) {
            lostDirectories.add(dir);
        }
    }

    /** Saves acknowledged progress; when the broker refused events, starts over from the last good checkpoint. */
    private void commit(PathSync sync) {
        try {
            sync.tracker().commit();
        } catch (RuntimeException e) {
            LOG.error("Silo {}: publishing failed ({}); reloading the last checkpoint and reconciling", silo, e.getMessage());
            sync.tracker(new ChangeTracker(silo, Checkpoint.load(checkpointFile), sink, clock, view));
            reconcileRequested = true;
        }
    }

    private void commitQuietly(PathSync sync) {
        try {
            sync.tracker().commit();
        } catch (RuntimeException e) {
            LOG.warn("Silo {}: final checkpoint not saved ({}); the next start reconciles again", silo, e.getMessage());
        }
    }

    /** Waits until the initial scan is published and checkpointed. */
    public boolean awaitInitialScan(Duration timeout) throws InterruptedException {
        return initialScan.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a full reconciliation scan as soon as the watcher thread is free. */
    public void reconcileNow() {
        reconcileRequested = true;
    }

    /** Treats {@code dir} as if its notifications were lost (what an inotify OVERFLOW does). */
    void notificationsLost(Path dir) {
        lostDirectories.add(dir);
    }

    public ScanProgress progress() {
        return progress;
    }

    /** Subtree rescans done after lost notifications. */
    public long subtreeRescans() {
        return subtreeRescans;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        if (live != null) {
            live.close();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.debug("Closing resources of the watcher of silo {} failed", silo, e);
        }
    }
}
