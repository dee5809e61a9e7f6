package io.meridian.query.sql;

import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running push query: every new or changed row of {@code files} is run through the query's
 * compiled plan (its WHERE and projection, over just that row) and, when it matches, sent to the
 * sink, until the sink throws (client gone) or the thread is interrupted. Deletions are not sent
 * (ksqlDB table semantics for changes). A client slower than {@link #BACKLOG} changes is cut off
 * rather than letting its backlog grow without bound. Each evaluation has a pull query's time and
 * row limits ({@link QueryGuard}); one that passes them ends the push query.
 */
final class PushQuery {
    static final int BACKLOG = 100_000;
    private static final long IDLE_MILLIS = 5_000;

    private final MetadataStore store;
    private final ChangedFileTable changed;
    private final PreparedStatement prepared;
    private final String sql;
    private final QueryEngine.Limits limits;
    private final BlockingQueue<FileRow> queue = new LinkedBlockingQueue<>(BACKLOG);
    private volatile boolean overflowed;

    /** {@code sql} is what {@code prepared} was prepared from (it names the columns, see {@link ColumnNames}). */
    PushQuery(MetadataStore store, ChangedFileTable changed, PreparedStatement prepared, String sql, QueryEngine.Limits limits) {
        this.store = store;
        this.changed = changed;
        this.prepared = prepared;
        this.sql = sql;
        this.limits = limits;
    }

    void run(PushSink sink) throws IOException, InterruptedException, SQLException {
        sink.columns(columnLabels());
        try (AutoCloseable subscription = store.onFileChange((path, row) -> {
            if (row != null && !queue.offer(row)) {
                overflowed = true;
            }
        })) {
            loop(sink);
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void loop(PushSink sink) throws IOException, InterruptedException, SQLException {
        while (!Thread.currentThread().isInterrupted()) {
            if (overflowed) {
                throw new IOException("push query dropped: the client fell more than " + BACKLOG + " changes behind");
            }
            FileRow row = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            if (row == null) {
                sink.idle();
                continue;
            }
            changed.set(row);
            evaluate(sink);
        }
        throw new InterruptedException("push query stopped");
    }

    /** Runs the plan over the changed row, within a pull query's time and row limits. */
    private void evaluate(PushSink sink) throws IOException, SQLException {
        QueryGuard guard = new QueryGuard(System.nanoTime() + limits.timeout().toNanos(), limits.maxRowsProcessed());
        guard.bind(prepared);
        try (ResultSet rs = prepared.executeQuery()) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                sink.row(QueryEngine.row(rs, count));
            }
        } finally {
            guard.unbind();
        }
    }

    private List<String> columnLabels() throws SQLException {
        List<String> labels = new ArrayList<>();
        var meta = prepared.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i));
        }
        return ColumnNames.readable(sql, labels);
    }
}
