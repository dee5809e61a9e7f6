package io.meridian.query;

import io.meridian.http.HttpApi;
import io.meridian.query.api.QueryApi;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.util.List;

/**
 * The query stages {@code meridian up} runs, in start order: the materializer that fills this
 * process's copy of the metadata, then the API that registers its routes on the shared server.
 */
public final class QueryStages {
    private QueryStages() {
    }

    public static List<Stage> forUp(StageContext context, HttpApi http) {
        MetadataStore store = new MetadataStore();
        return List.of(new MetadataMaterializer(context, store),
                new QueryApi(context, store, http, QueryEngine.Limits.DEFAULT, null));
    }
}
