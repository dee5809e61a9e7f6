package io.meridian.cli.runtime;

import io.meridian.classifier.ClassifierApp;
import io.meridian.classifier.sniff.SniffSettings;
import io.meridian.classifier.sniff.SnifferStage;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.cli.explain.ExplainRoute;
import io.meridian.cli.place.PlacementRoutes;
import io.meridian.cli.place.SiloRoutes;
import io.meridian.cli.stuck.StuckRoutes;
import io.meridian.cli.staging.StagingReleaseRoute;
import io.meridian.cli.staging.StagingRoutes;
import io.meridian.cli.tag.TagRoutes;
import io.meridian.http.HttpApi;
import io.meridian.movers.MoverSettings;
import io.meridian.movers.MoverStage;
import io.meridian.placement.PlacementApp;
import io.meridian.query.QueryStages;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.watchers.WatcherStages;
import io.meridian.watchers.hooks.HooksStage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The stages {@code meridian up} runs for a config, in start order: consumers of a topic before its
 * producers (nothing would be lost the other way round, but start-up reads better), and the HTTP
 * server last, once every stage has registered its routes on it. {@code up --stages} and
 * {@code meridian serve} run a subset ({@link StageRole}); each stage's own subcommand runs the same
 * stage alone.
 */
public final class StageCatalog {
    private StageCatalog() {
    }

    /** Every stage: what {@code up} runs by default. */
    public static List<Stage> forUp(StageContext context) {
        return forRoles(context, EnumSet.allOf(StageRole.class));
    }

    /**
     * The stages of {@code roles}; the HTTP server (and the routes on it) only with {@link StageRole#SERVE}.
     * Without it, {@code GET /metrics} is on a {@link MetricsServer} on any free port.
     */
    public static List<Stage> forRoles(StageContext context, Set<StageRole> roles) {
        return forRoles(context, roles, 0);
    }

    /**
     * As {@link #forRoles(StageContext, Set)}; {@code GET /metrics} of every stage's meters is on the
     * HTTP server with {@link StageRole#SERVE}, else on a {@link MetricsServer} on {@code metricsPort}
     * (0: any free port), started first so that a stage that cannot start is still visible.
     */
    public static List<Stage> forRoles(StageContext context, Set<StageRole> roles, int metricsPort) {
        return forRoles(context, roles, metricsPort, QueryStages.Store.MEMORY);
    }

    /** As {@link #forRoles(StageContext, Set, int)}, with the files of a serving process kept as {@code store} says. */
    public static List<Stage> forRoles(StageContext context, Set<StageRole> roles, int metricsPort, QueryStages.Store store) {
        HttpApi http = HttpApi.fromConfig(context.config().http());
        boolean serve = roles.contains(StageRole.SERVE);
        List<Stage> stages = new ArrayList<>();
        QueryStages query = null;
        if (serve) {
            context.metrics().serveOn(http);                               // GET /metrics: every stage of this process
        } else {
            stages.add(new MetricsServer(context, metricsPort));
        }
        if (roles.contains(StageRole.CLASSIFY)) {
            stages.add(new ClassifierApp(context));                        // metadata table, tags, rules, silo usage
            stages.addAll(SnifferStage.ifNeeded(context, SniffSettings.fromEnvironment(System::getenv))); // only when a rule reads magic
        }
        if (roles.contains(StageRole.WATCH)) {
            List<Stage> watchers = WatcherStages.forUp(context);           // a watcher per silo, under its lease
            stages.addAll(watchers);
            if (serve) {
                WatcherStages.registerWebhook(context, watchers, http);    // POST /v1/s3-notifications
            }
        }
        if (serve) {
            stages.add(new HooksStage(context, http));                     // POST /v1/events
            query = QueryStages.of(context, http, store);
            stages.addAll(query.beforeHttp());                             // query store, SQL and read-path routes
        }
        if (roles.contains(StageRole.PLACE)) {
            stages.add(new PlacementApp(context));                         // objectives, staging, watermarks, drains
        }
        if (roles.contains(StageRole.MOVE)) {
            stages.add(new MoverStage(context, MoverSettings.fromEnvironment(System::getenv))); // MERIDIAN_MOVER_WORKERS
        }
        if (serve) {
            OperationsStage operations = new OperationsStage(context, query.beforeHttp()); // one producer, reads the query store
            TagRoutes.register(http, operations);                          // POST /v1/tags
            PlacementRoutes.register(http, operations);                    // policies, staging requests
            SiloRoutes.register(http, operations);                         // silos: list, drain, activate
            StuckRoutes.register(http, operations);                        // stuck files: list, retry
            StagingReleaseRoute.register(http, operations);                // DELETE /v1/staging/{id}
            StagingRoutes.register(http, operations);                      // GET /v1/staging[/{id}[/events]], pins
            ExplainRoute.register(http, operations);                          // GET /v1/explain/{path}
            stages.add(operations);
            stages.add(http);
            stages.addAll(query.afterHttp());                              // the partitioned store advertises the server
        }
        return stages;
    }
}
