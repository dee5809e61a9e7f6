package io.meridian.query.sql;

/** Too many queries are running (in all or of this caller); the caller may try again later (HTTP 429). */
public final class QueryRejectedException extends RuntimeException {
    public QueryRejectedException(String message) {
        super(message);
    }
}
