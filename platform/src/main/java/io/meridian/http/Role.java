package io.meridian.http;

/**
 * Who may call a route. With no tokens configured (the server then only listens on loopback) every
 * caller may call every route; with tokens, {@link #READ} routes need the read-only or the operator
 * token and {@link #OPERATOR} routes need the operator token.
 */
public enum Role {
    /** No token needed, ever: {@code GET /health}. */
    PUBLIC,
    /** Queries and reads. */
    READ,
    /** Anything that changes state: tags, policies, staging, drains. */
    OPERATOR;

    /** Whether a caller holding {@code granted} may call a route that needs this role. */
    public boolean allows(Role granted) {
        return switch (this) {
            case PUBLIC -> true;
            case READ -> granted == READ || granted == OPERATOR;
            case OPERATOR -> granted == OPERATOR;
        };
    }
}
