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
import org.apache.calcite.schema.SchemaPlus;

/**
 * Runs SQL over a {@link MetadataStore} with Apache Calcite. Pull queries return at most
 * {@code maxRows} rows and stop after {@code timeout}; push queries ({@code ... EMIT CHANGES}) run
 * until their sink fails (see {@link PushQuery}). Thread-safe: a statement is used by one query at a
 * time; planned statements are kept by SQL text ({@link PreparedCache}) so a repeated query skips
 * planning.
 */
public final class QueryEngine {
    /** Protects the server from runaway queries. */
    public record Limits(int maxRows, Duration timeout) {
        public static final Limits DEFAULT = new Limits(10_000, Duration.ofSeconds(30));
    }

    /** Distinct SQL texts whose plans are kept. */
    static final int CACHED_SQL = 256;

    private final MetadataStore store;
    private final Limits limits;
    private final PreparedCache cache = new PreparedCache(CACHED_SQL);
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meridian-query");
        t.setDaemon(true);
        return t;
    });

    public QueryEngine(MetadataStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
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

    /**
     * Runs a pull query. Throws {@link QueryException} or {@link QueryTimeoutException}. The answer
     * comes within the timeout: the query runs on a worker that is interrupted then, and stops at its
     * next table read (Calcite's own join loops do not check, so a pathological join may run on for a
     * moment in the background).
     */
    public QueryResult query(String sql) {
        long started = System.nanoTime();
        String statement = SqlGate.statement(sql);
        if (isPush(statement)) {
            throw new QueryException("this is a push query (EMIT CHANGES); send it as a stream (NDJSON)", 0, 0);
        }
        Future<QueryResult> running = workers.submit(() -> execute(statement, started));
        try {
            return running.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException("the query was interrupted (the server is stopping)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private QueryResult execute(String statement, long started) {
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
            QueryResult result;
            try (ResultSet rs = prepared.executeQuery()) {
                result = read(rs, started);
            }
            cache.give(statement, entry);
            return result;
        } catch (SQLException | RuntimeException e) {
            if (entry != null) {
                entry.close();
            }
            throw SqlGate.translate(e);
        }
    }

    private QueryTimeoutException timedOut() {
        return new QueryTimeoutException("the query ran past its timeout of " + limits.timeout().toSeconds()
                + " s and was stopped; narrow it (e.g. WHERE path LIKE '/dir/%') or add a LIMIT");
    }

    /** Runs a push query until the sink throws or the thread is interrupted. */
    public void push(String sql, PushSink sink) throws java.io.IOException, InterruptedException {
        String body = SqlGate.pushBody(SqlGate.statement(sql))
                .orElseThrow(() -> new QueryException("a push query ends in EMIT CHANGES", 0, 0));
        SqlGate.check(body);
        ChangedFileTable changed = new ChangedFileTable(store);
        try (Connection connection = open(MeridianSchema.withFiles(store, changed));
             PreparedStatement prepared = prepare(connection, body)) {
            new PushQuery(store, changed, prepared).run(sink);
        } catch (SQLException e) {
            throw SqlGate.translate(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql) {
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException | RuntimeException e) {
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

    private QueryResult read(ResultSet rs, long started) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            types.add(meta.getColumnTypeName(i));
        }
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
