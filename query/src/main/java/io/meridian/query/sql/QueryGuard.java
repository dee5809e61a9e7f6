package io.meridian.query.sql;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The limits of one running query, checked as its rows flow: a deadline, a budget of rows processed
 * (every row that leaves any operator or table scan counts once per operator it leaves, so the budget
 * bounds the work and the rows a join, sort or aggregate can hold) and a cancel flag. Calcite's own
 * operators check nothing (a recursive query or a cross join loops for ever), so every edge of an
 * executable plan gets a check ({@link GuardedRel}); the first check after a limit is hit throws on
 * the query's thread, which unwinds the query: {@link QueryTimeoutException} for the deadline or a
 * cancel (the server's state), {@link QueryException} for the row budget (the query's own size).
 *
 * <p>The query's thread binds its guard ({@link #bind}) while it runs; a check on a thread with no
 * guard only looks at the thread's interrupt status. {@link #cancel} may be called from any thread.
 */
public final class QueryGuard {
    /** Rows between two looks at the clock, the cancel flag and the interrupt status. */
    private static final int CHECK_EVERY = 256;
    private static final ThreadLocal<QueryGuard> CURRENT = new ThreadLocal<>();

    private final long deadline;
    private final long maxRowsProcessed;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Statement statement;
    private long processed;
    private int sinceCheck;

    /**
     * @param deadline         {@link System#nanoTime()} after which the query stops; Long.MAX_VALUE for none
     * @param maxRowsProcessed rows the query may process in all, see the class doc
     */
    QueryGuard(long deadline, long maxRowsProcessed) {
        this.deadline = deadline;
        this.maxRowsProcessed = maxRowsProcessed;
    }

    /** Makes this the guard of the calling thread until {@link #unbind}; {@code running} is cancelled with it. */
    void bind(Statement running) {
        statement = running;
        CURRENT.set(this);
    }

    void unbind() {
        CURRENT.remove();
        statement = null;
    }

    /** Stops the query at its next check, and tells Calcite (whose recursive scans stop on its flag). */
    void cancel() {
        cancelled.set(true);
        Statement running = statement;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException | RuntimeException e) {
                // the statement is closing already; the flag above stops the query
            }
        }
    }

    /** Counts {@code rows} processed and throws once a limit is passed. */
    void processed(int rows) {
        processed += rows;
        sinceCheck += rows;
        if (sinceCheck >= CHECK_EVERY || processed > maxRowsProcessed) {
            sinceCheck = 0;
            check();
        }
    }

    private void check() {
        if (cancelled.get() || Thread.currentThread().isInterrupted() || System.nanoTime() > deadline) {
            throw new QueryTimeoutException("the query ran past its timeout and was stopped; narrow it"
                    + " (e.g. WHERE path LIKE '/dir/%') or add a LIMIT");
        }
        if (processed > maxRowsProcessed) {
            throw new QueryException("the query processed more than " + maxRowsProcessed + " rows and was"
                    + " stopped; narrow it (e.g. WHERE path LIKE '/dir/%') or avoid joins without a condition", 0, 0);
        }
    }

    /** Counts rows for the calling thread's query, if it has one; else only honours an interrupt. */
    static void processedOnThisThread(int rows) {
        QueryGuard guard = CURRENT.get();
        if (guard != null) {
            guard.processed(rows);
        } else if (Thread.currentThread().isInterrupted()) {
            throw new QueryTimeoutException("the query was interrupted (the server is stopping)");
        }
    }

    /**
     * The input with a check on every row; called by the code Calcite generates for {@link GuardedRel}.
     * The guard is the one of the thread that enumerates, which is the query's.
     */
    public static <T> Enumerable<T> guard(Enumerable<T> input) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<T> enumerator() {
                return new Checked<>(input.enumerator(), CURRENT.get());
            }
        };
    }

    /** An enumerator that counts each row it moves to. */
    private static final class Checked<T> implements Enumerator<T> {
        private final Enumerator<T> input;
        private final QueryGuard guard;

        Checked(Enumerator<T> input, QueryGuard guard) {
            this.input = input;
            this.guard = guard;
        }

        @Override
        public T current() {
            return input.current();
        }

        @Override
        public boolean moveNext() {
            if (guard != null) {
                guard.processed(1);
            } else {
                processedOnThisThread(1);
            }
            return input.moveNext();
        }

        @Override
        public void reset() {
            input.reset();
        }

        @Override
        public void close() {
            input.close();
        }
    }
}
