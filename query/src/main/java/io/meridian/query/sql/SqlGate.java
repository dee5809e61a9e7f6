package io.meridian.query.sql;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * What a query must pass before it runs: it parses, and it is a read-only query (SELECT, WITH,
 * UNION..., VALUES; never DDL or DML). Also recognises the push suffix {@code EMIT CHANGES} and turns
 * Calcite's errors into {@link QueryException}s that carry line and column.
 */
final class SqlGate {
    private static final Pattern EMIT_CHANGES = Pattern.compile("(?is)^(.*?)\\s+EMIT\\s+CHANGES\\s*;?\\s*$");
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    static final SqlParser.Config PARSER = SqlParser.config()
            .withCaseSensitive(false)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withQuoting(Quoting.DOUBLE_QUOTE);

    private SqlGate() {
    }

    /** The query without its {@code EMIT CHANGES} suffix, when it has one. */
    static Optional<String> pushBody(String sql) {
        Matcher m = EMIT_CHANGES.matcher(sql);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The query without a trailing ';' (JDBC takes one statement without it), reserved column names quoted. */
    static String statement(String sql) {
        String trimmed = ReservedColumns.quote(sql.strip());
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** Parses and refuses anything but a read-only query. */
    static void check(String sql) {
        if (sql.isBlank()) {
            throw new QueryException("the query is empty; try SELECT path, size FROM files LIMIT 10", 0, 0);
        }
        SqlNode node;
        try {
            node = SqlParser.create(sql, PARSER).parseQuery();
        } catch (SqlParseException e) {
            throw new QueryException(firstLine(e.getMessage()), e.getPos().getLineNum(), e.getPos().getColumnNum());
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            throw new QueryException("only queries (SELECT) can run here, not " + node.getKind().name()
                    .toLowerCase(Locale.ROOT).replace('_', ' '), node.getParserPosition().getLineNum(),
                    node.getParserPosition().getColumnNum());
        }
    }

    /** A {@link QueryException} for a failure while preparing or running, located when Calcite knows where. */
    static RuntimeException translate(Throwable failure) {
        if (failure instanceof StackOverflowError) {
            return new QueryException("the query is nested too deeply to run; simplify it", 0, 0);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QueryTimeoutException timeout) {
                return timeout;
            }
            if (t instanceof QueryException query) {
                return query;
            }
            if (t instanceof CalciteContextException located) {
                return new QueryException(located.getMessage(), located.getPosLine(), located.getPosColumn());
            }
        }
        String message = deepest(failure);
        Matcher m = POSITION.matcher(message);
        return m.find() ? new QueryException(message, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                : new QueryException(message, 0, 0);
    }

    private static String deepest(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return firstLine(message == null ? failure.getClass().getSimpleName() : message);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
