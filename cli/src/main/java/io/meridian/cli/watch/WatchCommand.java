package io.meridian.cli.watch;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.MetricsOptions;
import io.meridian.cli.runtime.MetricsServer;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.DurationText;
import io.meridian.config.MeridianConfig;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.watchers.WatchSettings;
import io.meridian.watchers.WatcherStages;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.s3.S3WatcherSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridian watch}: the watchers of the config's silos in this process, until Ctrl-C. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch silos and publish every file change, until Ctrl-C.",
                "Changes go to meridian.file-events.",
                "POSIX silos: a parallel initial scan, then inotify with a periodic",
                "reconciliation scan.",
                "S3 silos: ListObjectsV2 reconciliation, plus bucket notifications from a Kafka",
                "topic.",
                "A restart publishes only what changed while stopped (checkpoints in",
                "state/watchers/ of the --home directory).",
                "Runs next to a running 'meridian up' (found through its endpoints file) or",
                "against the Kafka cluster of the config. 'meridian up' already runs these",
                "watchers for every silo."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (no such silo, Kafka unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error; "
                        + "nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--silo", paramLabel = "ID", description = "Silo to watch; repeat for several (default: every silo of the config).")
    List<String> silos = new ArrayList<>();

    @Option(names = "--reconcile-interval", paramLabel = "DURATION",
            description = "Time between full POSIX reconciliation scans, e.g. 10m, 1h; overrides the silos' "
                    + "reconcileInterval (default: the config's, else 10m).")
    String posixReconcile;

    @Option(names = "--s3-reconcile-interval", paramLabel = "DURATION",
            description = "Time between S3 listings, e.g. 5m; overrides the silos' reconcileInterval "
                    + "(default: the config's, else 5m).")
    String s3Reconcile;

    @Option(names = "--s3-notification-topic", paramLabel = "TOPIC",
            description = "Kafka topic MinIO's notify_kafka target publishes bucket notifications to, for every S3 "
                    + "silo; overrides the silos' notifications.kafkaTopic (default: the config's, else none).")
    String notificationTopic;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "4",
            description = "Directory reader threads of a POSIX scan (default: ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--no-live", description = "POSIX: do not follow changes with inotify; rely on reconciliation scans.")
    boolean noLive;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        MeridianConfig config = common.loadConfig();
        StageContext context = Connections.stageContextFor(config, common.home());
        PrintWriter out = spec.commandLine().getOut();
        MetricsServer endpoint = metrics.server(context);
        List<Stage> stages = new ArrayList<>(List.of(endpoint));
        stages.addAll(WatcherStages.forSilos(context, silos, settings()));
        StageRunner runner = new StageRunner().start(stages);
        runner.stopOnShutdown("meridian-watch");
        out.println("Watching: " + String.join(", ", runner.names().stream().filter(n -> n.contains(" watcher ")).toList())
                + ". Each silo is watched by one process at a time: here while this process holds its watch lease,"
                + " else by the 'up' or 'watch' that does, until it stops. Metrics at " + endpoint.url()
                + ". Press Ctrl-C to stop.");
        out.flush();
        runner.awaitStopped();
        return 0;
    }

    /** Base settings from the options, and the options that override every silo's config. */
    WatchSettings settings() {
        PosixWatcherSettings posix = PosixWatcherSettings.defaults().withReaders(readers).withLive(!noLive);
        WatchSettings.Overrides overrides = new WatchSettings.Overrides(duration(posixReconcile), duration(s3Reconcile),
                notificationTopic);
        return new WatchSettings(posix, S3WatcherSettings.defaults(), overrides);
    }

    private static Duration duration(String text) {
        return text == null ? null : DurationText.parse(text);
    }
}
