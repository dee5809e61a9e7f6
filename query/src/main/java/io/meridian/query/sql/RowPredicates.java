package io.meridian.query.sql;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Evaluates the common WHERE conjuncts in plain Java on the row objects, before any row is
 * projected for Calcite: {@code col = 'text'}, {@code map['key'] = 'text'} and {@code col LIKE
 * 'prefix%'} on text columns. A conjunct handled here is removed from the list Calcite passed, so it
 * is not evaluated twice; its result is exactly SQL's (a NULL or missing key does not match). Other
 * conjuncts stay for Calcite.
 */
final class RowPredicates {
    private RowPredicates() {
    }

    /** The conjunction of every conjunct handled here; removes those from {@code filters}. */
    static <R> Predicate<R> take(List<RexNode> filters, List<Column<R>> columns) {
        Predicate<R> all = row -> true;
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
            Optional<Predicate<R>> one = compile(it.next(), columns);
            if (one.isPresent()) {
                all = all.and(one.get());
                it.remove();
            }
        }
        return all;
    }

    private static <R> Optional<Predicate<R>> compile(RexNode node, List<Column<R>> columns) {
        if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
            return Optional.empty();
        }
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        if (call.getKind() == SqlKind.EQUALS) {
            return equality(left, right, columns).or(() -> equality(right, left, columns));
        }
        if (call.getKind() == SqlKind.LIKE) {
            return prefixLike(left, right, columns);
        }
        return Optional.empty();
    }

    private static <R> Optional<Predicate<R>> equality(RexNode target, RexNode other, List<Column<R>> columns) {
        Optional<String> literal = text(other);
        if (literal.isEmpty()) {
            return Optional.empty();
        }
        String expected = literal.get();
        Optional<Column<R>> column = textColumn(target, columns);
        if (column.isPresent()) {
            var value = column.get().value();
            return Optional.of(row -> expected.equals(value.apply(row)));
        }
        if (target instanceof RexCall item && item.getKind() == SqlKind.ITEM && item.getOperands().size() == 2) {
            Optional<Column<R>> map = column(item.getOperands().get(0), columns).filter(c -> c.typeName() == SqlTypeName.MAP);
            Optional<String> key = text(item.getOperands().get(1));
            if (map.isPresent() && key.isPresent()) {
                var value = map.get().value();
                String k = key.get();
                return Optional.of(row -> value.apply(row) instanceof Map<?, ?> m && expected.equals(m.get(k)));
            }
        }
        return Optional.empty();
    }

    private static <R> Optional<Predicate<R>> prefixLike(RexNode target, RexNode pattern, List<Column<R>> columns) {
        Optional<Column<R>> column = textColumn(target, columns);
        Optional<String> text = text(pattern);
        if (column.isEmpty() || text.isEmpty()) {
            return Optional.empty();
        }
        String p = text.get();
        String prefix = p.endsWith("%") ? p.substring(0, p.length() - 1) : p;
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0) {
            return Optional.empty();
        }
        var value = column.get().value();
        boolean exact = !p.endsWith("%");
        return Optional.of(row -> value.apply(row) instanceof String s && (exact ? s.equals(prefix) : s.startsWith(prefix)));
    }

    private static <R> Optional<Column<R>> textColumn(RexNode node, List<Column<R>> columns) {
        return column(node, columns).filter(c -> c.typeName() == SqlTypeName.VARCHAR);
    }

    private static <R> Optional<Column<R>> column(RexNode node, List<Column<R>> columns) {
        return node instanceof RexInputRef ref && ref.getIndex() < columns.size()
                ? Optional.of(columns.get(ref.getIndex())) : Optional.empty();
    }

    private static Optional<String> text(RexNode node) {
        if (node instanceof RexLiteral literal && SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())) {
            return Optional.ofNullable(literal.getValueAs(String.class));
        }
        return Optional.empty();
    }
}
