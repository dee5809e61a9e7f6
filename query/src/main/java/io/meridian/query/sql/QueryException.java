package io.meridian.query.sql;

/**
 * A query that cannot run: it does not parse, names an unknown table or column, or is not a
 * read-only SELECT. {@code line} and {@code column} locate the problem in the SQL text (1-based;
 * 0 when the problem has no position).
 */
public final class QueryException extends RuntimeException {
    private final int line;
    private final int column;

    public QueryException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
