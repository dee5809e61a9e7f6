package io.meridian.watchers.s3;

import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.storage.S3Clients;
import io.meridian.watchers.checkpoint.ChangeTracker;
import io.meridian.watchers.checkpoint.Checkpoint;
import io.meridian.streams.DeadLetters;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.WatcherMetrics;
import io.meridian.watchers.publish.SequenceClock;
import io.meridian.watchers.view.SiloView;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Watches one S3 silo: a ListObjectsV2 reconciliation at start and at a fixed interval, plus bucket
 * notifications from a Kafka topic (MinIO {@code notify_kafka}) and from the webhook
 * ({@link S3WebhookRoute}), all published through one checkpointed {@link ChangeTracker} so that a
 * restart publishes only differences. One thread owns the tracker; notifications from other threads
 * are queued to it.
 */
public final class S3Watcher implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(S3Watcher.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final long LOOP_MILLIS = 200;
    /** ListObjectsV2's largest page. */
    static final int DEFAULT_PAGE_SIZE = 1000;

    private final SiloConfig silo;
    private final MinioClient client;
    private final S3WatcherSettings settings;
    private final EventSink sink;
    private final WatcherMetrics metrics;
    private final Path checkpointFile;
    private final NotificationSource notifications;
    private final AutoCloseable resources;
    private final SiloView view;
    private final SequenceClock clock = SequenceClock.system();
    private final S3Keys keys;
    private final S3Notifications parser;
    private final Queue<FileEvent> webhookEvents = new ConcurrentLinkedQueue<>();
    private final CountDownLatch initialListing = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean reconcileRequested;
    private boolean closed;
    private Thread thread;
    private int pageSize = DEFAULT_PAGE_SIZE;

    /** A watcher whose listings compare with its checkpoint alone ({@link SiloView#NONE}). */
    public S3Watcher(SiloConfig silo, MinioClient client, S3WatcherSettings settings, EventSink sink, Path checkpointFile,
                     NotificationSource notifications, AutoCloseable resources) {
        this(silo, client, settings, sink, checkpointFile, notifications, SiloView.NONE, resources);
    }

    /**
     * @param notifications where notification messages come from besides the webhook (may be {@link NotificationSource#NONE})
     * @param view          what the global view holds for this silo: listings make it equal to the bucket
     * @param resources     closed last (registry client, dead-letter producer)
     */
    public S3Watcher(SiloConfig silo, MinioClient client, S3WatcherSettings settings, EventSink sink, Path checkpointFile,
                     NotificationSource notifications, SiloView view, AutoCloseable resources) {
        this(silo, client, settings, sink, checkpointFile, notifications, view, resources,
                WatcherMetrics.unregistered(silo.id(), SiloKind.S3));
    }

    /** As above, counting what it publishes and lists on {@code metrics}. */
    public S3Watcher(SiloConfig silo, MinioClient client, S3WatcherSettings settings, EventSink sink, Path checkpointFile,
                     NotificationSource notifications, SiloView view, AutoCloseable resources, WatcherMetrics metrics) {
        this.view = view;
        this.silo = silo;
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.sink = metrics.meter(sink);
        this.checkpointFile = checkpointFile;
        this.notifications = notifications;
        this.resources = resources;
        this.keys = new S3Keys(silo.bucket(), silo.prefix(), silo.mount());
        this.parser = new S3Notifications(silo.id(), keys, Clock.systemUTC());
    }

    /** The watcher of {@code silo} with the process's endpoints, keys, Kafka and registry, checkpointed in {@code checkpointFile}. */
    public static S3Watcher create(StageContext context, SiloConfig silo, S3WatcherSettings settings, Path checkpointFile,
                                   SiloView view, WatcherMetrics metrics) {
        S3Endpoint endpoint = S3Endpoint.forSilo(silo, context.embeddedS3().orElse(null), System::getenv);
        SchemaRegistry registry = context.registry().get();
        DeadLetters deadLetters = settings.notificationTopic() == null ? null
                : new DeadLetters(context.kafkaProperties(), "s3 watcher " + silo.id());
        NotificationSource source = deadLetters == null ? NotificationSource.NONE
                : new KafkaNotificationSource(context.kafkaProperties(), settings.notificationTopic(), silo.id(), deadLetters);
        return new S3Watcher(silo, S3Clients.create(endpoint), settings, KafkaEventSink.fileEvents(context.kafkaProperties(), registry),
                checkpointFile, source, view, () -> {
                    if (deadLetters != null) {
                        deadLetters.close();
                    }
                    registry.close();
                }, metrics);
    }

    @Override
    public String name() {
        return "s3 watcher " + silo.id();
    }

    /** The silo this watcher follows. */
    public SiloConfig silo() {
        return silo;
    }

    public String bucket() {
        return keys.bucket();
    }

    @Override
    public void start() throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(keys.bucket()).build())) {
            throw new IllegalStateException("bucket " + keys.bucket() + " of silo " + silo.id()
                    + " does not exist at its endpoint: create it or fix silos[].bucket");
        }
        ChangeTracker tracker = new ChangeTracker(silo.id(), Checkpoint.load(checkpointFile), sink, clock, view);
        notifications.open();
        thread = new Thread(() -> run(tracker), "meridian-s3-watcher-" + silo.id());
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ChangeTracker initial) {
        ChangeTracker tracker = initial;
        S3Reconciler reconciler = new S3Reconciler(silo.id(), client, keys, clock, pageSize);
        ListingHealth health = new ListingHealth(silo.id(), keys.bucket(), settings.reconcileInterval());
        long nextReconcile = 0;
        tracker.awaitViewBeforeFirstSweep(ChangeTracker.VIEW_SEED_WAIT);
        try {
            while (!stopping) {
                if (reconcileRequested || System.nanoTime() >= nextReconcile) {
                    reconcileRequested = false;
                    Duration delay = reconcile(reconciler, tracker, health);
                    tracker = commit(tracker);
                    initialListing.countDown();
                    nextReconcile = System.nanoTime() + delay.toNanos();
                }
                notifications.poll(LOOP_MILLIS, parser, webhookEvents::add);
                try {
                    if (drain(tracker)) {
                        tracker = commit(tracker);
                        notifications.committed();
                    }
                } catch (RuntimeException e) {
                    // A publish that failed (broker or registry away): the next listing finds what these
                    // notifications said, from the last checkpoint; its failures back off (ListingHealth).
                    LOG.error("Silo {}: publishing notifications failed ({}); listing the bucket again", silo.id(), e.getMessage());
                    tracker = new ChangeTracker(silo.id(), Checkpoint.load(checkpointFile), sink, clock, view);
                    reconcileRequested = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            initialListing.countDown();
            Thread.interrupted();
            commit(tracker);
        }
    }

    /** Lists the bucket once; returns the delay until the next listing (backed off while listings fail). */
    private Duration reconcile(S3Reconciler reconciler, ChangeTracker tracker, ListingHealth health) {
        metrics.scanStarted();
        boolean completed = false;
        try {
            S3Reconciler.Pass pass = reconciler.reconcile(tracker);
            completed = true;
            metrics.scanEntries(pass.listed());
            // An embedded bucket is listed every second; only listings that found something are news.
            boolean changed = pass.published() + pass.deleted() + pass.skipped() > 0;
            LOG.atLevel(changed ? Level.INFO : Level.DEBUG).log(
                    "S3 listing of silo {} (bucket {}): {} objects, {} events published, {} deleted, {} skipped",
                    silo.id(), keys.bucket(), pass.listed(), pass.published(), pass.deleted(), pass.skipped());
            return health.succeeded();
        } catch (Exception e) {
            // a failed page deleted nothing (S3Reconciler); what was listed before it is published
            return health.failed(e);
        } finally {
            metrics.scanEnded(completed);
        }
    }

    /** Publishes queued notification events; returns whether any were taken. */
    private boolean drain(ChangeTracker tracker) {
        boolean any = false;
        for (FileEvent event = webhookEvents.poll(); event != null; event = webhookEvents.poll()) {
            any = true;
            if (event.getType() == FileEventType.DELETE) {
                tracker.delete(event);
            } else {
                tracker.offer(event);
            }
        }
        return any;
    }

    private ChangeTracker commit(ChangeTracker tracker) {
        try {
            tracker.commit();
            return tracker;
        } catch (RuntimeException e) {
            LOG.error("Silo {}: publishing failed ({}); reloading the last checkpoint and reconciling", silo.id(), e.getMessage());
            reconcileRequested = true;
            return new ChangeTracker(silo.id(), Checkpoint.load(checkpointFile), sink, clock, view);
        }
    }

    /** Takes one notification message (from the webhook); returns what it found. Thread-safe. */
    public S3Notifications.Result accept(String message) {
        S3Notifications.Result result = parser.parse(message);
        webhookEvents.addAll(result.events());
        return result;
    }

    /** Waits until the first listing is published and checkpointed. */
    public boolean awaitInitialListing(Duration timeout) throws InterruptedException {
        return initialListing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Objects per ListObjectsV2 page; small pages let tests exercise pagination. */
    void pageSize(int objects) {
        this.pageSize = objects;
    }

    public void reconcileNow() {
        reconcileRequested = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        if (thread != null) {
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        notifications.close();
        sink.close();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.debug("Closing resources of the watcher of silo {} failed", silo.id(), e);
        }
    }
}
