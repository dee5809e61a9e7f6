package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A read-only Calcite table over rows of the {@link MetadataStore}. Calcite passes the conjuncts of
 * the WHERE clause to {@link #rows} (a table may use them to narrow the scan, e.g. to a key range),
 * then the simple ones are evaluated in Java on the row objects ({@link RowPredicates}) and the rest
 * by Calcite; only the projected columns of matching rows are read.
 * Every scan stops with {@link QueryTimeoutException} once the statement's timeout has passed or
 * it was cancelled, and counts the rows it reads against the query's {@link QueryGuard}.
 */
abstract class RowTable<R> extends AbstractTable implements ProjectableFilterableTable {
    /** Rows between two checks of the deadline and the cancel flag. */
    private static final int CHECK_EVERY = 1024;

    private final List<Column<R>> columns;
    protected final MetadataStore store;

    RowTable(MetadataStore store, List<Column<R>> columns) {
        this.store = store;
        this.columns = List.copyOf(columns);
    }

    /** The rows to scan, possibly narrowed by the filters (which are applied again by Calcite). */
    protected abstract Iterable<R> rows(List<RexNode> filters);

    List<Column<R>> columns() {
        return columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        columns.forEach(c -> builder.add(c.name(), c.type().apply(typeFactory)));
        return builder.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        int[] selected = projects != null ? projects : allColumns();
        Iterable<R> source = rows(filters);
        java.util.function.Predicate<R> matches = RowPredicates.take(filters, columns);
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        long deadline = deadline(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return Linq4j.iterableEnumerator(() -> new Rows(source.iterator(), matches, selected, deadline, cancel));
            }
        };
    }

    static long deadline(DataContext root) {
        Long timeout = DataContext.Variable.TIMEOUT.get(root);
        return timeout == null || timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000;
    }

    /**
     * Rows already filtered and projected elsewhere (by the instances that own them), under the same
     * deadline, cancel flag and row count as a local scan; the source is closed when Calcite is done.
     */
    protected Enumerable<Object[]> projectedElsewhere(DataContext root, java.util.function.LongFunction<DistributedScan.CloseableRows> open) {
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        long deadline = deadline(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                DistributedScan.CloseableRows rows = open.apply(deadline);
                return new Enumerator<>() {
                    private Object[] current;
                    private int sinceCheck;

                    @Override
                    public Object[] current() {
                        return current;
                    }

                    @Override
                    public boolean moveNext() {
                        if (++sinceCheck == CHECK_EVERY) {
                            store.countRowsRead(sinceCheck);
                            QueryGuard.processedOnThisThread(sinceCheck);
                            sinceCheck = 0;
                            checkDeadline(deadline, cancel);
                        }
                        if (!rows.hasNext()) {
                            return false;
                        }
                        current = rows.next();
                        return true;
                    }

                    @Override
                    public void reset() {
                        throw new UnsupportedOperationException("a distributed scan cannot be restarted");
                    }

                    @Override
                    public void close() {
                        store.countRowsRead(sinceCheck);
                        sinceCheck = 0;
                        rows.close();
                    }
                };
            }
        };
    }

    /**
     * The rows of {@code source} that {@code matches}, as empty arrays, under the query's deadline,
     * cancel flag and rows-processed count (each row read counts, as in a scan).
     */
    protected DistributedScan.CloseableRows counted(DataContext root, Iterator<R> source, java.util.function.Predicate<R> matches) {
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        long deadline = deadline(root);
        Rows rows = new Rows(source, matches, new int[0], deadline, cancel);
        return new DistributedScan.CloseableRows() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                return rows.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private static void checkDeadline(long deadline, AtomicBoolean cancel) {
        if ((cancel != null && cancel.get()) || System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
            throw new QueryTimeoutException("the query ran past its timeout and was stopped; narrow it"
                    + " (e.g. WHERE path LIKE '/dir/%') or raise the limit");
        }
    }

    private int[] allColumns() {
        int[] all = new int[columns.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Filters and projects rows and checks the deadline; counts what it read in the store's metric. */
    private final class Rows implements Iterator<Object[]> {
        private final Iterator<R> source;
        private final java.util.function.Predicate<R> matches;
        private final int[] selected;
        private final long deadline;
        private final AtomicBoolean cancel;
        private int sinceCheck;
        private R next;

        Rows(Iterator<R> source, java.util.function.Predicate<R> matches, int[] selected, long deadline, AtomicBoolean cancel) {
            this.source = source;
            this.matches = matches;
            this.selected = selected;
            this.deadline = deadline;
            this.cancel = cancel;
            // also checked here: joins re-read their inner table once per outer row, in short scans
            checkDeadline();
        }

        @Override
        public boolean hasNext() {
            while (next == null && source.hasNext()) {
                R candidate = source.next();
                if (++sinceCheck == CHECK_EVERY) {
                    store.countRowsRead(sinceCheck);
                    QueryGuard.processedOnThisThread(sinceCheck);
                    sinceCheck = 0;
                    checkDeadline();
                }
                if (matches.test(candidate)) {
                    next = candidate;
                }
            }
            if (next == null && sinceCheck > 0) {
                store.countRowsRead(sinceCheck);
                sinceCheck = 0;
            }
            return next != null;
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            R row = next;
            next = null;
            Object[] out = new Object[selected.length];
            for (int i = 0; i < selected.length; i++) {
                out[i] = columns.get(selected[i]).value().apply(row);
            }
            return out;
        }

        private void checkDeadline() {
            RowTable.checkDeadline(deadline, cancel);
        }
    }
}
