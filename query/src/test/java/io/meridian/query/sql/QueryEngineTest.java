package io.meridian.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.meridian.schemas.Tier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class QueryEngineTest {
    private final MetadataStore store = new MetadataStore();
    private QueryEngine engine;

    @BeforeEach
    void fill() {
        for (int i = 0; i < 100; i++) {
            String stage = i % 2 == 0 ? "training" : "eval";
            store.putFile(Records.file(String.format("/datasets/a/f%03d.bin", i), 1000 + i, Map.of("stage", stage), "nas"));
            store.putFile(Records.file(String.format("/datasets/b/g%03d.parquet", i), 10, Map.of(), "nas", "nvme"));
        }
        store.putSilo("nas", Records.posixSilo("nas", "/tmp/nas", "onprem", Tier.CAPACITY, 1000));
        store.putUsage("nas", Records.usage("nas", 300, 3));
        // generous: the first query plans and compiles on a cold JVM, which takes seconds on a loaded machine
        engine = new QueryEngine(store, new QueryEngine.Limits(150, Duration.ofSeconds(60)));
    }

    @Test
    void shouldCompareLiteralsOutsideLatin1() {
        store.putFile(Records.file("/datasets/日本語.bin", 7, Map.of("owner", "Łukasz"), "nas"));
        assertThat(engine.query("SELECT path FROM files WHERE path = '/datasets/日本語.bin'").rows())
                .containsExactly(java.util.List.of("/datasets/日本語.bin"));
        assertThat(engine.query("SELECT count(*) FROM files WHERE tags['owner'] = 'Łukasz' OR path LIKE '%語%'").rows())
                .containsExactly(java.util.List.of(1L));
    }

    @Test
    void shouldNameColumnsTheQueryDidNotNameAfterTheirExpression() {
        QueryResult result = engine.query("SELECT count(*), max(size), CAST(size AS VARCHAR), size / 1024, 'x', path,"
                + " count(DISTINCT size) FROM files WHERE path = '/datasets/a/f000.bin' GROUP BY size, path");
        assertThat(result.columns()).containsExactly("count", "max", "size", "expr", "value", "path", "count_2");
        assertThat(engine.query("SELECT *, lower(id) FROM silos").columns()).last().isEqualTo("lower");
        assertThat(engine.query("SELECT count(*) AS n, sum(size) FROM files").columns()).containsExactly("n", "sum");
        assertThat(engine.query("SELECT count(*) FROM files UNION ALL SELECT count(*) FROM files").columns())
                .containsExactly("count");
    }

    @Test
    void shouldListTheRecentReadsOfAFileFromTheAccessesTable() {
        store.accessed(new io.meridian.query.store.AccessRow("/datasets/a/f001.bin", "nas", 1001, "operator", 5_000));
        store.accessed(new io.meridian.query.store.AccessRow("/datasets/a/f002.bin", "nas", 7, null, 6_000));
        store.accessed(new io.meridian.query.store.AccessRow("/datasets/a/f001.bin", "nvme", 10, "read", 7_000));

        QueryResult result = engine.query("SELECT silo, bytes, reader, accessed_at FROM accesses"
                + " WHERE path = '/datasets/a/f001.bin' ORDER BY accessed_at DESC");

        assertThat(result.rows()).extracting(r -> r.get(0)).containsExactly("nvme", "nas");
        assertThat(result.rows().get(1)).containsExactly("nas", 1001L, "operator", "1970-01-01T00:00:05Z");
    }

    @Test
    void shouldFilterOnTagValues() {
        QueryResult result = engine.query("SELECT count(*) AS n FROM files WHERE tags['stage'] = 'training'");
        assertThat(result.columns()).containsExactly("n");
        assertThat(result.rows()).containsExactly(List.of(50L));
    }

    @Test
    void shouldAnswerLikeSqlForFiltersEvaluatedBeforeCalcite() {
        assertThat(count("tags['missing'] = 'x'")).isZero();
        assertThat(count("'training' = tags['stage']")).isEqualTo(50);
        assertThat(count("NOT (tags['stage'] = 'training')")).isEqualTo(50);
        assertThat(count("tags['stage'] = 'training' OR ext = 'parquet'")).isEqualTo(150);
        assertThat(count("name = 'f001.bin'")).isEqualTo(1);
        assertThat(count("path LIKE '/datasets/_/f00%'")).isEqualTo(10);
        assertThat(count("path LIKE '/datasets/a/f001.bin'")).isEqualTo(1);
        assertThat(count("ext LIKE 'par%' AND size = 10")).isEqualTo(100);
    }

    private long count(String where) {
        return (Long) engine.query("SELECT count(*) FROM files WHERE " + where).rows().get(0).get(0);
    }

    @Test
    void shouldScanOnlyTheKeyRangeOfAPathPrefix() {
        long before = store.rowsRead();
        QueryResult result = engine.query("SELECT path, size, ext FROM files WHERE path LIKE '/datasets/a/f01%' ORDER BY path");
        assertThat(result.rows()).hasSize(10);
        assertThat(result.rows().get(0)).containsExactly("/datasets/a/f010.bin", 1010L, "bin");
        assertThat(store.rowsRead() - before).isEqualTo(10);
    }

    @Test
    void shouldReadOneKeyForPathEquality() {
        long before = store.rowsRead();
        QueryResult result = engine.query("SELECT name, silos, instance_count FROM files WHERE path = '/datasets/b/g007.parquet'");
        assertThat(result.rows()).containsExactly(List.of("g007.parquet", List.of("nas", "nvme"), 2));
        assertThat(store.rowsRead() - before).isEqualTo(1);
    }

    @Test
    void shouldAnswerPathInListsAndOrsOnFilesAndInstances() {
        String a = "/datasets/a/f001.bin";
        String b = "/datasets/b/g002.parquet";
        assertThat(paths("files", "path IN ('" + a + "', '" + b + "', '/nope')")).containsExactly(a, b);
        assertThat(paths("files", "path = '" + b + "' OR path = '" + a + "'")).containsExactly(a, b);
        assertThat(paths("instances", "path IN ('" + a + "', '" + b + "')")).containsExactly(a, b, b);
        assertThat(paths("instances", "path = '" + a + "' OR path = '" + b + "'")).containsExactly(a, b, b);
        assertThat(count("path NOT IN ('" + a + "', '" + b + "')")).isEqualTo(198);
        assertThat(count("path <> '" + a + "'")).isEqualTo(199);
        assertThat(count("path > '/datasets/a/f098.bin' AND path < '/datasets/b/g001.parquet'")).isEqualTo(2);
        assertThat(count("path BETWEEN '/datasets/a/f010.bin' AND '/datasets/a/f019.bin'")).isEqualTo(10);
        assertThat(count("path IN ('" + a + "', '/datasets/a/f002.bin') AND path LIKE '/datasets/a/%'")).isEqualTo(2);
    }

    @Test
    void shouldScanOnlyTheKeysOfAPathInList() {
        long before = store.rowsRead();
        assertThat(count("path IN ('/datasets/a/f001.bin', '/datasets/b/g099.parquet')")).isEqualTo(2);
        assertThat(store.rowsRead() - before).isEqualTo(2);
    }

    private List<Object> paths(String table, String where) {
        return engine.query("SELECT path FROM " + table + " WHERE " + where + " ORDER BY path").rows().stream()
                .map(row -> row.get(0)).toList();
    }

    @Test
    void shouldReportSiloUsage() {
        QueryResult result = engine.query("SELECT silo, used, free, tier FROM silos");
        assertThat(result.rows()).containsExactly(List.of("nas", 300L, 700L, "capacity"));
    }

    @Test
    void shouldJoinInstancesWithFiles() {
        QueryResult result = engine.query("SELECT count(*) FROM instances i JOIN files f ON i.path = f.path "
                + "WHERE i.silo = 'nvme' AND f.ext = 'parquet'");
        assertThat(result.rows()).containsExactly(List.of(100L));
    }

    @Test
    void shouldCutAnswersAtTheRowLimit() {
        QueryResult result = engine.query("SELECT path FROM files");
        assertThat(result.rows()).hasSize(150);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void shouldStopAQueryThatRunsPastItsTimeout() {
        QueryEngine quick = new QueryEngine(store, new QueryEngine.Limits(10, Duration.ofSeconds(1)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> quick.query("SELECT count(*) FROM files a, files b, files c, files d WHERE a.size + b.size + c.size + d.size > 0"))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static final String RECURSIVE = "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t";

    @Test
    void shouldStopTheThreadOfARunawayRecursiveQueryAtItsTimeout() throws Exception {
        assertRunawayStops(RECURSIVE);
    }

    @Test
    void shouldStopTheThreadOfARunawayCrossJoinAtItsTimeout() throws Exception {
        assertRunawayStops("SELECT count(*) FROM files a, files b, files c, files d");
        assertRunawayStops("SELECT count(*) FROM files a, files b, files c, files d WHERE a.size + b.size + c.size + d.size < 0");
    }

    private void assertRunawayStops(String sql) throws Exception {
        QueryEngine quick = new QueryEngine(store, new QueryEngine.Limits(10, Duration.ofSeconds(1), Long.MAX_VALUE, 4, 4));
        long started = System.nanoTime();
        assertThatThrownBy(() -> quick.query(sql)).isInstanceOf(QueryTimeoutException.class).hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        awaitNoneRunning(quick, Duration.ofSeconds(2));
        long cpu = queryThreadsCpuNanos();
        Thread.sleep(500);
        assertThat(Duration.ofNanos(queryThreadsCpuNanos() - cpu)).as("CPU of query threads after the timeout")
                .isLessThan(Duration.ofMillis(50));
    }

    @Test
    void shouldStopAQueryThatProcessesMoreRowsThanItsBudget() {
        QueryEngine small = new QueryEngine(store, new QueryEngine.Limits(10, Duration.ofSeconds(30), 100_000, 4, 4));
        assertThatThrownBy(() -> small.query("SELECT count(*) FROM files a, files b, files c"))
                .isInstanceOf(QueryException.class).hasMessageContaining("more than 100000 rows");
        assertThat(small.query("SELECT count(*) FROM files").rows()).containsExactly(List.of(200L));
    }

    @Test
    void shouldRefuseQueriesBeyondTheBoundsPerCallerAndInAll() throws Exception {
        QueryEngine bounded = new QueryEngine(store, new QueryEngine.Limits(10, Duration.ofSeconds(3), Long.MAX_VALUE, 3, 2));
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            List<Future<?>> runaways = new ArrayList<>();
            for (String caller : List.of("a", "a", "b")) {
                runaways.add(clients.submit(() -> bounded.query(RECURSIVE, caller)));
            }
            awaitCondition(() -> bounded.running() == 3, Duration.ofSeconds(2));
            assertThatThrownBy(() -> bounded.query("SELECT 1", "a")).isInstanceOf(QueryRejectedException.class)
                    .hasMessageContaining("2 queries of this caller");
            assertThatThrownBy(() -> bounded.query("SELECT 1", "c")).isInstanceOf(QueryRejectedException.class)
                    .hasMessageContaining("3 queries are running");
            for (Future<?> runaway : runaways) {
                assertThatThrownBy(runaway::get).hasCauseInstanceOf(QueryTimeoutException.class);
            }
            awaitNoneRunning(bounded, Duration.ofSeconds(2));
            assertThat(bounded.query("SELECT 1", "a").rows()).containsExactly(List.of(1));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void shouldRefuseOverlongSqlAndAnswerDeepNestingAsABadQuery() {
        assertThatThrownBy(() -> engine.query("SELECT 1 " + " ".repeat(QueryEngine.MAX_SQL_CHARS)))
                .isInstanceOf(QueryException.class).hasMessageContaining("at most");
        String deep = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
        assertThatThrownBy(() -> engine.query(deep)).isInstanceOf(QueryException.class);
    }

    private static void awaitNoneRunning(QueryEngine engine, Duration bound) throws InterruptedException {
        awaitCondition(() -> engine.running() == 0, bound);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + bound);
            }
            Thread.sleep(10);
        }
    }

    /** CPU time of every live query worker thread of this JVM. */
    static long queryThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("meridian-query")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    @Test
    void shouldLocateSyntaxErrors() {
        assertThatThrownBy(() -> engine.query("SELECT path\nFROM files WHERE WHERE"))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(18);
                    assertThat(e.getMessage()).contains("line 2, column 18");
                });
    }

    @Test
    void shouldLocateUnknownColumns() {
        assertThatThrownBy(() -> engine.query("SELECT nope FROM files"))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(8);
                    assertThat(e.getMessage()).contains("nope");
                });
    }

    @Test
    void shouldRefuseAnythingButQueries() {
        assertThatThrownBy(() -> engine.query("DELETE FROM files WHERE size > 0"))
                .isInstanceOf(QueryException.class).hasMessageContaining("only queries");
        assertThatThrownBy(() -> engine.query("INSERT INTO files (path) VALUES ('/x')"))
                .isInstanceOf(QueryException.class).hasMessageContaining("only queries");
    }

    @Test
    void shouldNotSeeTablesOutsideTheMetadata() {
        assertThatThrownBy(() -> engine.query("SELECT * FROM other.secrets"))
                .isInstanceOf(QueryException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> engine.query("SELECT * FROM \"metadata\".TABLES"))
                .isInstanceOf(QueryException.class).hasMessageContaining("not found");
    }
}
