package io.meridian.watchers;

import io.meridian.config.SiloConfig;
import io.meridian.http.HttpApi;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.watchers.lease.SiloLease;
import io.meridian.watchers.posix.PosixWatcher;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.s3.S3Watcher;
import io.meridian.watchers.s3.S3WebhookRoute;
import io.meridian.watchers.view.SiloView;
import io.meridian.watchers.view.ViewMirror;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The watcher stages of a config: one POSIX watcher per POSIX silo, one S3 watcher per S3 silo, each
 * run under the silo's {@link SiloLease} so that one process at a time watches a silo.
 * {@code meridian up} runs them for every silo, {@code meridian watch} for the silos it is given.
 * Each watcher keeps its checkpoint under {@code <stateDir>/watchers/}; all of them share one
 * {@link ViewMirror} of the global view, which their full scans and listings are compared with.
 */
public final class WatcherStages {
    private WatcherStages() {
    }

    /** Watchers for the silos named in {@code siloIds} (all silos when empty); throws on an unknown id. */
    public static List<Stage> forSilos(StageContext context, Collection<String> siloIds, WatchSettings settings) {
        List<SiloConfig> silos = context.config().silos();
        for (String id : siloIds) {
            if (silos.stream().noneMatch(s -> s.id().equals(id))) {
                throw new IllegalArgumentException("no silo '" + id + "' in " + context.config().source()
                        + "; configured: " + String.join(", ", silos.stream().map(SiloConfig::id).toList()));
            }
        }
        List<SiloConfig> watched = silos.stream().filter(s -> siloIds.isEmpty() || siloIds.contains(s.id())).toList();
        // Started first and closed last: every watcher compares its sweeps with it.
        ViewMirror view = ViewMirror.of(context, watched.stream().map(SiloConfig::id).toList());
        List<Stage> stages = new ArrayList<>();
        stages.add(view);
        for (SiloConfig silo : watched) {
            String name = (silo.kind() == SiloKind.POSIX ? "posix" : "s3") + " watcher " + silo.id();
            // built once per silo, now: its meters are scraped from start-up, whichever process holds the lease
            WatcherMetrics metrics = new WatcherMetrics(context.metrics().registry(), silo.id(), silo.kind(), Clock.systemUTC());
            stages.add(new SiloLease(context.kafkaProperties(), silo.id(), name,
                    () -> forSilo(context, silo, settings, view.silo(silo.id()), metrics)));
        }
        return stages;
    }

    /** Watchers for every configured silo with default settings. */
    public static List<Stage> forUp(StageContext context) {
        return forSilos(context, List.of(), WatchSettings.defaults());
    }

    /**
     * Registers the S3 notification webhook ({@code POST /v1/s3-notifications}) on {@code http} for the
     * S3 silos among {@code stages} (from {@link #forSilos}) whose {@code notifications.webhook} is not
     * false; messages go to the S3 watchers running in this process.
     */
    public static void registerWebhook(StageContext context, List<Stage> stages, HttpApi http) {
        List<SiloLease> webhooks = stages.stream().filter(SiloLease.class::isInstance).map(SiloLease.class::cast)
                .filter(lease -> context.config().silo(lease.silo()).map(s -> s.kind() == SiloKind.S3 && s.watch().webhook())
                        .orElse(false))
                .toList();
        if (!webhooks.isEmpty()) {
            S3WebhookRoute.register(http, () -> webhooks.stream().flatMap(lease -> lease.watcher().stream())
                    .map(S3Watcher.class::cast).toList(), webhooks.stream().map(SiloLease::silo).toList());
        }
    }

    static Stage forSilo(StageContext context, SiloConfig silo, WatchSettings settings, SiloView view, WatcherMetrics metrics) {
        if (silo.kind() == SiloKind.POSIX) {
            return posix(context, silo, settings.posixFor(silo), view, metrics);
        }
        return S3Watcher.create(context, silo, settings.s3For(silo), checkpointFile(context, silo, "s3"), view, metrics);
    }

    /** The POSIX watcher of {@code silo}, counting on {@code metrics}. */
    public static PosixWatcher posix(StageContext context, SiloConfig silo, PosixWatcherSettings settings, SiloView view,
                                     WatcherMetrics metrics) {
        SchemaRegistry registry = context.registry().get();
        KafkaEventSink sink = KafkaEventSink.fileEvents(context.kafkaProperties(), registry);
        return new PosixWatcher(silo.id(), Path.of(silo.root()), silo.mount(), settings, sink,
                checkpointFile(context, silo, "posix"), view, registry, metrics);
    }

    /** Where the watcher of {@code silo} keeps its checkpoint. */
    public static Path checkpointFile(StageContext context, SiloConfig silo, String kind) {
        return context.stateDir().resolve("watchers").resolve(silo.id() + "." + kind + ".checkpoint");
    }
}
