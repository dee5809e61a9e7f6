package io.meridian.cli.runtime;

import io.meridian.classifier.ClassifierApp;
import io.meridian.classifier.sniff.SniffSettings;
import io.meridian.classifier.sniff.SnifferStage;
import io.meridian.cli.place.PlacementRoutes;
import io.meridian.cli.tag.TagRoutes;
import io.meridian.http.HttpApi;
import io.meridian.movers.MoverSettings;
import io.meridian.movers.MoverStage;
import io.meridian.placement.PlacementApp;
import io.meridian.query.QueryStages;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.watchers.WatcherStages;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages {@code meridian up} runs for a config, in start order: consumers of a topic before its
 * producers (nothing would be lost the other way round, but start-up reads better), and the HTTP
 * server last, once every stage has registered its routes on it. Each stage's own subcommand runs
 * the same stage alone.
 */
public final class StageCatalog {
    private StageCatalog() {
    }

    public static List<Stage> forUp(StageContext context) {
        HttpApi http = HttpApi.fromConfig(context.config().http());
        List<Stage> stages = new ArrayList<>();
        stages.add(new ClassifierApp(context));                            // metadata table, tags, rules, silo usage
        stages.addAll(SnifferStage.ifNeeded(context, SniffSettings.fromEnvironment(System::getenv))); // only when a rule reads magic
        stages.addAll(WatcherStages.forUp(context, http));                 // a watcher per silo, hook and webhook routes
        stages.addAll(QueryStages.forUp(context, http));                   // query store, SQL and read-path routes
        stages.add(new PlacementApp(context));                             // objectives, staging, watermarks, drains
        stages.add(new MoverStage(context, MoverSettings.fromEnvironment(System::getenv))); // MERIDIAN_MOVER_WORKERS
        TagRoutes.register(http, context);                                 // POST /v1/tags
        PlacementRoutes.register(http, context);                           // policies, staging requests, drain
        stages.add(http);
        return stages;
    }
}
