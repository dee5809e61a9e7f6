package io.meridian.query;

import io.meridian.http.HttpApi;
import io.meridian.query.api.QueryApi;
import io.meridian.query.partition.PartitionedFiles;
import io.meridian.query.partition.PartitionedQueryTier;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.util.List;
import java.util.Locale;

/**
 * The query stages a serving process runs, in start order: the materializer that fills this
 * process's copy of the metadata, then the API that registers its routes on the shared server; and,
 * for the partitioned store, the tier's Streams app, which starts after the HTTP server
 * ({@link #afterHttp}) because it advertises the server's address.
 */
public final class QueryStages {
    /** Where a serving process keeps the files of the global view. */
    public enum Store {
        /**
         * Every file on this process's heap (about 1–2 KB each): fastest, and any number of
         * {@code serve} processes each answer alone. The default, and what {@code up} runs.
         */
        MEMORY,
        /**
         * Each {@code serve} holds only its partitions of {@code meridian.metadata}, in RocksDB on
         * disk; queries are answered across all of them. For more files than one heap holds.
         */
        PARTITIONED;

        /** The mode named {@code text} (any case); IllegalArgumentException naming the choices otherwise. */
        public static Store parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown query store '" + text + "'; choose memory or partitioned");
            }
        }
    }

    private final List<Stage> beforeHttp;
    private final List<Stage> afterHttp;

    private QueryStages(List<Stage> beforeHttp, List<Stage> afterHttp) {
        this.beforeHttp = beforeHttp;
        this.afterHttp = afterHttp;
    }

    /** The query stages with every file on the heap, as {@code up} runs them. */
    public static List<Stage> forUp(StageContext context, HttpApi http) {
        return of(context, http, Store.MEMORY).beforeHttp();
    }

    /** The query stages with the files kept as {@code store} says. */
    public static QueryStages of(StageContext context, HttpApi http, Store store) {
        if (store == Store.MEMORY) {
            MetadataStore heap = new MetadataStore();
            return new QueryStages(List.of(new MetadataMaterializer(context, heap),
                    new QueryApi(context, heap, http, QueryEngine.Limits.DEFAULT, null)), List.of());
        }
        PartitionedFiles files = new PartitionedFiles();
        MetadataStore view = new MetadataStore(files);
        return new QueryStages(List.of(new MetadataMaterializer(context, view),
                new QueryApi(context, view, http, QueryEngine.Limits.DEFAULT, null)),
                List.of(new PartitionedQueryTier(context, http, files)));
    }

    /** The stages to start before the HTTP server (the materializer and the API's routes). */
    public List<Stage> beforeHttp() {
        return beforeHttp;
    }

    /** The stages to start once the HTTP server runs; empty for {@link Store#MEMORY}. */
    public List<Stage> afterHttp() {
        return afterHttp;
    }
}
