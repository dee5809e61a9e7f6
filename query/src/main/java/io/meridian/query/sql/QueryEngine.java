package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQueryBase;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.Holder;

/**
 * Runs SQL over a {@link MetadataStore} with Apache Calcite. Pull queries return at most
 * {@code maxRows} rows, and stop (their thread really stops, see {@link QueryGuard}) after
 * {@code timeout} or once they processed {@code maxRowsProcessed} rows; at most {@code maxRunning}
 * run at once, {@code maxRunningPerCaller} per caller, others are refused with
 * {@link QueryRejectedException}. Push queries ({@code ... EMIT CHANGES}) run until their sink fails
 * (see {@link PushQuery}). Thread-safe: a statement is used by one query at a time; planned
 * statements are kept by SQL text ({@link PreparedCache}) so a repeated query skips planning.
 */
public final class QueryEngine {
    /** Protects the server from runaway queries; see the class doc. */
    public record Limits(int maxRows, Duration timeout, long maxRowsProcessed, int maxRunning, int maxRunningPerCaller) {
        public static final long DEFAULT_MAX_ROWS_PROCESSED = 50_000_000;
        public static final int DEFAULT_MAX_RUNNING = 8;
        public static final int DEFAULT_MAX_RUNNING_PER_CALLER = 4;
        public static final Limits DEFAULT = new Limits(10_000, Duration.ofSeconds(30));

        /** Answer rows and time as given, the other limits at their defaults. */
        public Limits(int maxRows, Duration timeout) {
            this(maxRows, timeout, DEFAULT_MAX_ROWS_PROCESSED, DEFAULT_MAX_RUNNING, DEFAULT_MAX_RUNNING_PER_CALLER);
        }
    }

    /** Longest SQL text accepted; planning cost grows with it. */
    public static final int MAX_SQL_CHARS = 64 * 1024;

    /** Distinct SQL texts whose plans are kept. */
    static final int CACHED_SQL = 256;

    private final MetadataStore store;
    private final Limits limits;
    private final PreparedCache cache = new PreparedCache(CACHED_SQL);
    private final QueryAdmission admission;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meridian-query");
        t.setDaemon(true);
        return t;
    });

    public QueryEngine(MetadataStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
        this.admission = new QueryAdmission(limits.maxRunning(), limits.maxRunningPerCaller());
    }

    public MetadataStore store() {
        return store;
    }

    public Limits limits() {
        return limits;
    }

    /** Whether the query is a push query (ends in {@code EMIT CHANGES}). */
    public static boolean isPush(String sql) {
        return SqlGate.pushBody(sql).isPresent();
    }

    /** A pull query of an anonymous caller; see {@link #query(String, String)}. */
    public QueryResult query(String sql) {
        return query(sql, "");
    }

    /**
     * Runs a pull query for {@code caller} (who counts against the per-caller bound). Throws
     * {@link QueryException}, {@link QueryTimeoutException} or {@link QueryRejectedException}. The
     * answer comes within the timeout, and the query's thread stops then too, at its next row.
     */
    public QueryResult query(String sql, String caller) {
        long started = System.nanoTime();
        String statement = SqlGate.statement(checkLength(sql));
        if (isPush(statement)) {
            throw new QueryException("this is a push query (EMIT CHANGES); send it as a stream (NDJSON)", 0, 0);
        }
        QueryGuard guard = new QueryGuard(started + limits.timeout().toNanos(), limits.maxRowsProcessed());
        QueryAdmission.Permit permit = admission.acquire(caller);
        Future<QueryResult> running;
        try {
            running = workers.submit(() -> {
                try (permit) {
                    return execute(statement, started, guard);
                }
            });
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        return await(running, guard);
    }

    private QueryResult await(Future<QueryResult> running, QueryGuard guard) {
        try {
            return running.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            guard.cancel();
            running.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            guard.cancel();
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException("the query was interrupted (the server is stopping)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Pull queries whose threads run now (including those whose callers were answered already). */
    public int running() {
        return admission.running();
    }

    private static String checkLength(String sql) {
        if (sql.length() > MAX_SQL_CHARS) {
            throw new QueryException("the query is " + sql.length() + " characters long; at most " + MAX_SQL_CHARS
                    + " are accepted", 0, 0);
        }
        return sql;
    }

    private QueryResult execute(String statement, long started, QueryGuard guard) {
        withMetadataProviders();
        PreparedCache.Entry entry = cache.take(statement);
        try {
            if (entry == null) {
                SqlGate.check(statement);
                Connection connection = open(MeridianSchema.over(store));
                entry = new PreparedCache.Entry(connection, prepare(connection, statement));
            }
            PreparedStatement prepared = entry.statement();
            prepared.setQueryTimeout((int) Math.max(1, limits.timeout().toSeconds()));
            prepared.setMaxRows(limits.maxRows() + 1);
            guard.bind(prepared);
            QueryResult result;
            try (ResultSet rs = prepared.executeQuery()) {
                result = read(rs, statement, started);
            }
            cache.give(statement, entry);
            return result;
        } catch (SQLException | RuntimeException | AssertionError | StackOverflowError e) {
            if (entry != null) {
                entry.close();
            }
            throw SqlGate.translate(e);
        } finally {
            guard.unbind();
        }
    }

    private QueryTimeoutException timedOut() {
        return new QueryTimeoutException("the query ran past its timeout of " + limits.timeout().toSeconds()
                + " s and was stopped; narrow it (e.g. WHERE path LIKE '/dir/%') or add a LIMIT");
    }

    /**
     * Gives this thread Calcite's metadata providers, which planning sets on the thread that plans. A
     * statement planned on one worker may run on another, and the interpreted part of a plan (a
     * filtered scan, {@link CountOnlyScan}'s counting) optimizes itself when it runs, which needs them.
     */
    private static void withMetadataProviders() {
        if (RelMetadataQueryBase.THREAD_PROVIDERS.get() == null) {
            RelMetadataQueryBase.THREAD_PROVIDERS.set(JaninoRelMetadataProvider.of(DefaultRelMetadataProvider.INSTANCE));
        }
    }

    /** Runs a push query until the sink throws or the thread is interrupted. */
    public void push(String sql, PushSink sink) throws java.io.IOException, InterruptedException {
        withMetadataProviders();
        String body = SqlGate.pushBody(SqlGate.statement(checkLength(sql)))
                .orElseThrow(() -> new QueryException("a push query ends in EMIT CHANGES", 0, 0));
        SqlGate.check(body);
        ChangedFileTable changed = new ChangedFileTable(store);
        try (Connection connection = open(MeridianSchema.withFiles(store, changed));
             PreparedStatement prepared = prepare(connection, body)) {
            new PushQuery(store, changed, prepared, body, limits).run(sink);
        } catch (SQLException e) {
            throw SqlGate.translate(e);
        }
    }

    /** Plans with {@link GuardedRel#PROGRAM}, so that the plan checks its limits on every row. */
    private static PreparedStatement prepare(Connection connection, String sql) {
        try (Hook.Closeable guarded = Hook.PROGRAM.addThread((Holder<Program> program) -> program.set(GuardedRel.PROGRAM))) {
            return connection.prepareStatement(sql);
        } catch (SQLException | RuntimeException | AssertionError | StackOverflowError e) {
            throw SqlGate.translate(e);
        }
    }

    static Connection open(MeridianSchema schema) throws SQLException {
        Properties info = new Properties();
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "UNCHANGED");
        info.setProperty("quotedCasing", "UNCHANGED");
        info.setProperty("quoting", "DOUBLE_QUOTE");
        info.setProperty("timeZone", "UTC");
        Connection connection = DriverManager.getConnection("jdbc:calcite:", info);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        SchemaPlus root = calcite.getRootSchema();
        // Calcite adds a "metadata" catalog schema to every connection; queries see Meridian's tables only.
        org.apache.calcite.jdbc.CalciteSchema.from(root).removeSubSchema("metadata");
        root.add(MeridianSchema.NAME, schema);
        calcite.setSchema(MeridianSchema.NAME);
        return connection;
    }

    private QueryResult read(ResultSet rs, String statement, long started) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            types.add(meta.getColumnTypeName(i));
        }
        columns = ColumnNames.readable(statement, columns);
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        long deadline = started + limits.timeout().toNanos();
        while (rs.next()) {
            if (rows.size() == limits.maxRows()) {
                truncated = true;
                break;
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                throw timedOut();
            }
            rows.add(row(rs, columns.size()));
        }
        return new QueryResult(columns, types, rows, truncated, (System.nanoTime() - started) / 1_000_000);
    }

    /** One row in JSON-friendly values: timestamps as ISO text, arrays as lists. */
    static List<Object> row(ResultSet rs, int count) throws SQLException {
        List<Object> values = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            values.add(value(rs.getObject(i)));
        }
        return values;
    }

    private static Object value(Object raw) throws SQLException {
        if (raw instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (raw instanceof Array array) {
            return Arrays.asList((Object[]) array.getArray());
        }
        return raw;
    }
}
