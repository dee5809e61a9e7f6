package io.meridian.cli.convergence;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.config.ConfigLoader;
import io.meridian.config.S3Endpoint;
import io.meridian.movers.MoverStage;
import io.meridian.placement.PlacementApp;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.storage.S3Clients;
import io.meridian.watchers.WatchSettings;
import io.meridian.watchers.WatcherStages;
import io.meridian.watchers.posix.PosixWatcher;
import io.meridian.watchers.s3.S3Watcher;
import io.meridian.watchers.lease.SiloLease;
import io.meridian.watchers.view.ViewMirror;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The components a convergence run acts on, shared by every seed: {@code up}'s embedded broker,
 * registry and S3 endpoint with the classifier, the watchers (two POSIX silos, one S3 silo fed by a
 * notification topic of 3 partitions and listed only when asked), the hooks and the query stage in this
 * process, and the movers and placement as child JVMs ({@code meridian move}, {@code meridian place})
 * that a run may SIGKILL. Two policies act on every seed's files: {@code /hot/} is copied to the NVMe
 * silo, {@code /cold/} is moved (exclusive) to the S3 archive.
 */
public final class ConvergenceStack implements AutoCloseable {
    static final String NAS = "nas";
    static final String NVME = "gpu-nvme";
    static final String ARCHIVE = "archive";
    static final String MOUNT = "/datasets";
    private static final int SILOS = 3;
    static final String NOTIFICATIONS = "convergence.s3-notifications";
    private static final String NOTIFICATION_GROUP = "meridian-s3-notifications-" + ARCHIVE;
    private static final Duration READY = Duration.ofSeconds(60);

    private final Path home;
    private final EmbeddedRuntime runtime;
    private final MinioClient s3;
    private final StageProcess movers;
    private final StageProcess placement;
    private List<Stage> watchers;

    private ConvergenceStack(Path home, EmbeddedRuntime runtime, Path config) {
        this.home = home;
        this.runtime = runtime;
        this.s3 = S3Clients.create(new S3Endpoint(runtime.endpoints().s3Endpoint(), runtime.stack().s3().accessKey(),
                runtime.stack().s3().secretKey()));
        this.movers = new StageProcess("move", "Movers running", home, config);
        this.placement = new StageProcess("place", "Placement is running", home, config);
        this.watchers = new ArrayList<>(runtime.stages(ViewMirror.class));
        watchers.addAll(runtime.stages(SiloLease.class));
    }

    /** Starts everything under {@code home} (an empty directory) and waits until the notification consumer is assigned. */
    public static ConvergenceStack start(Path home) throws Exception {
        Files.createDirectories(home.resolve("silos/nas"));
        Files.createDirectories(home.resolve("silos/nvme"));
        Path config = Files.writeString(home.resolve("silos/convergence.yaml"), config());
        EmbeddedRuntime runtime = EmbeddedRuntime.start(ConfigLoader.load(config), new MeridianHome(home),
                EmbeddedRuntime.Ports.ANY_FREE, ConvergenceStack::inProcessStages);
        ConvergenceStack stack = new ConvergenceStack(home, runtime, config);
        try {
            stack.awaitChildren();
            stack.awaitWatchers();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private static String config() {
        return """
                kafka: {bootstrap: embedded, partitions: 3}
                schemaRegistry: {url: embedded}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 4GiB}
                  - {id: gpu-nvme, kind: posix, root: ./nvme, mount: /datasets, site: gpu-east, tier: nvme, capacity: 4GiB}
                  - id: archive
                    kind: s3
                    endpoint: embedded
                    bucket: archive
                    mount: /datasets
                    site: cloud-a
                    tier: archive
                    capacity: 4GiB
                    reconcileInterval: 1h
                    notifications: {kafkaTopic: %s, webhook: false}
                policies:
                  - name: hot-on-nvme
                    when: "path.contains('/hot/')"
                    place: { site: gpu-east, tier: nvme }
                    priority: 10
                  - name: cold-to-archive
                    when: "path.contains('/cold/')"
                    place: { tier: archive }
                    exclusive: true
                    priority: 5
                """.formatted(NOTIFICATIONS);
    }

    /** {@code up}'s stages without placement and movers (children here); the notification topic is made first. */
    private static List<Stage> inProcessStages(StageContext context) {
        try (Admin admin = Admin.create(context.kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic(NOTIFICATIONS, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + NOTIFICATIONS, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + NOTIFICATIONS, e);
        }
        return StageCatalog.forUp(context).stream()
                .filter(s -> !(s instanceof PlacementApp) && !(s instanceof MoverStage)).toList();
    }

    /** Root directory of a POSIX silo. */
    Path root(String silo) {
        return home.resolve(silo.equals(NAS) ? "silos/nas" : "silos/nvme");
    }

    MinioClient s3() {
        return s3;
    }

    String httpUrl() {
        return runtime.endpoints().httpUrl();
    }

    /** Client properties for the embedded broker. */
    Properties kafka() {
        return runtime.context().kafkaProperties();
    }

    StageProcess movers() {
        return movers;
    }

    StageProcess placement() {
        return placement;
    }

    /** Starts the movers and placement child JVMs unless they run, and waits until both say they run. */
    void awaitChildren() throws IOException, InterruptedException {
        for (StageProcess child : List.of(movers, placement)) {
            child.ensureRunning();
        }
        for (StageProcess child : List.of(movers, placement)) {
            child.awaitReady(READY);
        }
    }

    /** Why a child JVM is not running (it ended without being killed), one line each. */
    List<String> childProblems() throws IOException {
        List<String> problems = new ArrayList<>();
        for (StageProcess child : List.of(movers, placement)) {
            child.problem().ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * Stops every watcher and their mirror of the view, and starts new ones on their checkpoints, as a
     * restarted {@code meridian watch} would.
     */
    void restartWatchers() throws Exception {
        closeWatchers();
        watchers = new ArrayList<>(WatcherStages.forSilos(runtime.context(), List.of(), WatchSettings.defaults()));
        for (Stage watcher : watchers) {
            watcher.start();
        }
        awaitWatchers();
    }

    /** Asks every watcher for one full scan or listing now. */
    void reconcileAll() {
        for (Stage stage : watchers) {
            if (stage instanceof SiloLease lease) {
                Stage watcher = lease.watcher().orElseThrow(() -> new IllegalStateException(lease.name() + " lost its lease"));
                if (watcher instanceof PosixWatcher posix) {
                    posix.reconcileNow();
                } else {
                    ((S3Watcher) watcher).reconcileNow();
                }
            }
        }
    }

    /** Waits until every silo's lease runs its watcher, then until the notification consumer is assigned. */
    private void awaitWatchers() throws Exception {
        if (watchers.stream().filter(SiloLease.class::isInstance).count() != SILOS) {
            // a reconcile request or restart that reaches no watcher would make every round pass or fail for nothing
            throw new IllegalStateException("expected a watcher lease per silo among " + watchers);
        }
        long deadline = System.nanoTime() + READY.toNanos();
        for (Stage stage : watchers) {
            while (stage instanceof SiloLease lease && lease.watcher().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(lease.name() + " got no lease within " + READY);
                }
                Thread.sleep(100);
            }
        }
        awaitNotificationConsumer();
    }

    /**
     * Waits until the S3 watcher's notification consumer holds partitions: it starts at the latest
     * offset, so a notification sent before would be skipped. A second lets it resolve its positions.
     */
    private void awaitNotificationConsumer() throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        try (Admin admin = Admin.create(kafka())) {
            while (true) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(NOTIFICATION_GROUP))
                        .describedGroups().get(NOTIFICATION_GROUP).get();
                boolean assigned = group.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
                if (assigned) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the S3 watcher's notification consumer got no partition within " + READY);
                }
                Thread.sleep(200);
            }
        }
        Thread.sleep(1000);
    }

    /** Watchers first, the mirror they compare with last (the reverse of {@link WatcherStages#forSilos}' order). */
    private void closeWatchers() {
        for (int i = watchers.size() - 1; i >= 0; i--) {
            watchers.get(i).close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        movers.close();
        placement.close();
        closeWatchers();
        runtime.close();
    }
}
