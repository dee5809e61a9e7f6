package io.meridian.bench;

import io.meridian.query.sql.QueryEngine;
import io.meridian.query.sql.QueryResult;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * SQL over the query store against a plain Java loop over the same store doing the same work: a
 * full filter on a tag ({@code count(*) WHERE tags['stage']='training'}) and a path-prefix query
 * returning 1,000 rows (a key-range scan for both). The ratio is the cost of Calcite (planning,
 * row projection, filter evaluation) over hand-written code.
 */
final class QueryBench implements Benchmark {
    private static final int DIRECTORIES = 1000;

    @Override
    public String name() {
        return "query";
    }

    @Override
    public String description() {
        return "SQL (Calcite) over the query store vs a Java loop over the same store [files] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        MetadataStore store = fill(files);
        QueryEngine engine = new QueryEngine(store, new QueryEngine.Limits(10_000, Duration.ofSeconds(60)));
        String prefix = "/datasets/train/part-0500/";
        String filterSql = "SELECT count(*) FROM files WHERE tags['stage'] = 'training'";
        String prefixSql = "SELECT path, size FROM files WHERE path LIKE '" + prefix + "%'";
        long expectedTraining = loopCount(store);
        check(engine.query(filterSql).rows().get(0).get(0), expectedTraining);
        check((long) engine.query(prefixSql).rows().size(), loopPrefix(store, prefix));

        double filterSqlMs = medianMillis(rounds, () -> ((Number) engine.query(filterSql).rows().get(0).get(0)).longValue());
        double filterLoopMs = medianMillis(rounds, () -> loopCount(store));
        double prefixSqlMs = medianMillis(rounds * 5, () -> engine.query(prefixSql).rows().size());
        double prefixLoopMs = medianMillis(rounds * 5, () -> loopPrefix(store, prefix));
        int[] directory = {0};
        double newSqlMs = medianMillis(rounds * 5, () -> engine.query(String.format(
                "SELECT path, size FROM files WHERE path LIKE '/datasets/train/part-%04d/%%'", directory[0]++)).rows().size());
        String setup = String.format("%,d files in the in-memory query store (%d directories of %,d; a quarter tagged"
                + " stage=training, %,d), one JVM, -Xmx4g; warm-up then the median of %d rounds (prefix: %d rounds). "
                + "SQL statements are planned once and kept by text (the first, planned round is in the warm-up).",
                files, DIRECTORIES, files / DIRECTORIES, expectedTraining, rounds, rounds * 5);
        return new Report(setup)
                .addMillis("count(*) WHERE tags['stage']='training'", filterSqlMs, filterLoopMs, "Java loop", "< 1000 ms")
                .addMillis("path LIKE '" + prefix + "%' (1,000 rows)", prefixSqlMs, prefixLoopMs, "Java loop over the range", "< 20 ms")
                .addMillis("the same with a new prefix each time (planned anew)", newSqlMs, prefixLoopMs,
                        "Java loop over the range", "< 20 ms");
    }

    private static void check(Object sql, long loop) {
        if (((Number) sql).longValue() != loop) {
            throw new IllegalStateException("SQL answered " + sql + " but the loop " + loop + ": the benchmark is wrong");
        }
    }

    private static long loopCount(MetadataStore store) {
        long n = 0;
        for (FileRow row : store.allFiles()) {
            if ("training".equals(row.tags().get("stage"))) {
                n++;
            }
        }
        return n;
    }

    private static long loopPrefix(MetadataStore store, String prefix) {
        List<Object[]> rows = new ArrayList<>();
        for (FileRow row : store.withPrefix(prefix)) {
            rows.add(new Object[] {row.path(), row.size()});
        }
        return rows.size();
    }

    private static double medianMillis(int rounds, LongSupplier work) {
        for (int i = 0; i < 3; i++) {
            work.getAsLong();
        }
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            work.getAsLong();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return Report.median(millis);
    }

    private static MetadataStore fill(int files) {
        MetadataStore store = new MetadataStore();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Tag training = Tag.newBuilder().setValue("training").setSetBy("bench").setSetAt(now).build();
        Tag eval = Tag.newBuilder().setValue("eval").setSetBy("bench").setSetAt(now).build();
        int perDirectory = files / DIRECTORIES;
        for (int i = 0; i < files; i++) {
            String path = String.format("/datasets/train/part-%04d/shard-%07d.parquet", i / perDirectory, i);
            Instance instance = Instance.newBuilder().setSilo("nas").setSize(1_048_576L + i).setMtime(now)
                    .setState(InstanceState.PRESENT).setSequencer("0").setUpdatedAt(now).build();
            store.putFile(FileRecord.newBuilder().setPath(path).setInstances(List.of(instance))
                    .setTags(Map.of("stage", i % 4 == 0 ? training : eval)).setVersion(1).setUpdatedAt(now).build());
        }
        return store;
    }
}
