package io.meridian.query.sql;

import java.util.Iterator;

/**
 * A file index whose rows live on several instances (the partitioned query tier): it runs a
 * {@link FileScan} where the rows are and merges the answers, so that only matching rows, and only
 * their projected columns, cross the network. {@code files} queries over such an index go through
 * {@link #scan}; the rest of the plan (aggregates, ORDER BY, LIMIT, joins) runs where the query came in.
 */
public interface DistributedScan {
    /**
     * The projected values of every matching file across all owners, in path order (a count-only
     * scan gives one empty array per matching file). Close it when done. Throws
     * {@link QueryException}-like runtime errors when an owner cannot be reached before {@code deadlineNanos}.
     */
    CloseableRows scan(FileScan scan, long deadlineNanos);

    /** How many files match {@code scan} across all owners, each counting its own (its columns are ignored). */
    long count(FileScan scan, long deadlineNanos);

    /** Rows that hold open resources (store iterators, connections) until closed. */
    interface CloseableRows extends Iterator<Object[]>, AutoCloseable {
        @Override
        void close();
    }
}
