package io.meridian.query.sql;

/** A query ran past its timeout or was cancelled; the message says how to narrow it. */
public final class QueryTimeoutException extends RuntimeException {
    public QueryTimeoutException(String message) {
        super(message);
    }
}
