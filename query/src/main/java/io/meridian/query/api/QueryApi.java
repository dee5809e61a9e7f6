package io.meridian.query.api;

import io.meridian.http.HttpApi;
import io.meridian.http.Role;
import io.meridian.query.console.ConsoleRoutes;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataStore;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;

/**
 * The stage that puts the query API and the read path on the shared {@link HttpApi}:
 * {@code POST /v1/query}, {@code GET /v1/files/{path}}, {@code GET /v1/files/{path}/content},
 * {@code GET /v1/ls} (read-only role) and the web console with its read routes ({@link ConsoleRoutes}).
 * Its meters ({@code meridian_query_*}, {@code meridian_read_*}) go to the process's registry
 * ({@link StageContext#metrics()}), which the process serves on {@code GET /metrics}. Register it
 * before the HTTP server starts, or after: routes may be added to a running server.
 */
public final class QueryApi implements Stage {
    private final StageContext context;
    private final MetadataStore store;
    private final HttpApi http;
    private final QueryEngine.Limits limits;
    private final String site;
    private final ReadMetrics metrics;
    private AccessEvents accessEvents;
    private SiloReaders readers;

    /**
     * @param site the site this API runs at; content is read from copies there first (a reader may
     *             name its own with the {@code X-Meridian-Site} header). Null prefers no site.
     */
    public QueryApi(StageContext context, MetadataStore store, HttpApi http, QueryEngine.Limits limits, String site) {
        this.context = context;
        this.store = store;
        this.http = http;
        this.limits = limits;
        this.site = site;
        this.metrics = new ReadMetrics(context.metrics().registry(), store); // scraped from start-up
    }

    @Override
    public String name() {
        return "query api";
    }

    @Override
    public synchronized void start() {
        accessEvents = new AccessEvents(context.kafkaProperties(), context.registry().get());
        QueryRoutes queries = new QueryRoutes(new QueryEngine(store, limits), metrics);
        readers = new SiloReaders(context.config(), context.embeddedS3().orElse(null));
        FileRoutes files = new FileRoutes(store, readers, accessEvents, metrics, site);
        http.route("POST", "/v1/query", Role.READ, queries::query)
                .route("GET", "/v1/files/", Role.READ, files::files)
                .route("GET", "/v1/ls", Role.READ, files::list)
                .route("GET", "/v1/tags", Role.READ, new TagListing(store)::tags)
                .route("GET", "/v1/locality", Role.READ, new Locality(store)::locality);
        ConsoleRoutes.register(http, store, java.time.Clock.systemUTC());
    }

    @Override
    public synchronized void close() {
        if (readers != null) {
            readers.close();
            readers = null;
        }
        if (accessEvents != null) {
            accessEvents.close();
            accessEvents = null;
        }
    }
}
