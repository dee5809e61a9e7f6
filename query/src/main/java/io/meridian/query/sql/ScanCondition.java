package io.meridian.query.sql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One WHERE conjunct that a table evaluates on its row objects ({@link RowPredicates}), by the index
 * of its column: plain data, so that the partitioned query tier can send it to the instances that
 * own the rows. Matches exactly as SQL would: a NULL value or a missing key never matches.
 *
 * @param key   the map key, for {@link Kind#KEY_EQUALS}; else null
 * @param value the text compared with, or the prefix for {@link Kind#PREFIX}
 */
public record ScanCondition(Kind kind, int column, String key, String value) {
    public enum Kind {
        /** {@code column = value} on a text column. */
        EQUALS,
        /** {@code column[key] = value} on a map column. */
        KEY_EQUALS,
        /** {@code column LIKE 'value%'} on a text column. */
        PREFIX
    }

    public ScanCondition {
        if (kind == null || value == null || (kind == Kind.KEY_EQUALS && key == null)) {
            throw new IllegalArgumentException("a scan condition needs a kind, a value, and a key for KEY_EQUALS");
        }
    }

    /** This condition over rows whose columns are {@code columns}. */
    <R> Predicate<R> on(List<Column<R>> columns) {
        if (column < 0 || column >= columns.size()) {
            throw new IllegalArgumentException("no column " + column + " in a table of " + columns.size());
        }
        Function<R, Object> read = columns.get(column).value();
        String expected = value;
        return switch (kind) {
            case EQUALS -> row -> expected.equals(read.apply(row));
            case KEY_EQUALS -> row -> read.apply(row) instanceof Map<?, ?> m && expected.equals(m.get(key));
            case PREFIX -> row -> read.apply(row) instanceof String s && s.startsWith(expected);
        };
    }
}
