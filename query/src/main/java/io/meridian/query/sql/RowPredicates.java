package io.meridian.query.sql;

import java.util.ArrayList;
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
 * conjuncts stay for Calcite. The handled ones are plain data ({@link ScanCondition}), so the
 * partitioned query tier sends them to the instances that own the rows.
 */
final class RowPredicates {
    private RowPredicates() {
    }

    /** The conjunction of every conjunct handled here; removes those from {@code filters}. */
    static <R> Predicate<R> take(List<RexNode> filters, List<Column<R>> columns) {
        return all(conditions(filters, columns), columns);
    }

    /** The conjuncts handled here, as conditions; removes those from {@code filters}. */
    static <R> List<ScanCondition> conditions(List<RexNode> filters, List<Column<R>> columns) {
        List<ScanCondition> taken = new ArrayList<>();
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
            Optional<ScanCondition> one = compile(it.next(), columns);
            if (one.isPresent()) {
                taken.add(one.get());
                it.remove();
            }
        }
        return taken;
    }

    /** The conjunction of {@code conditions} over rows whose columns are {@code columns}. */
    static <R> Predicate<R> all(List<ScanCondition> conditions, List<Column<R>> columns) {
        Predicate<R> all = row -> true;
        for (ScanCondition c : conditions) {
            all = all.and(c.on(columns));
        }
        return all;
    }

    private static <R> Optional<ScanCondition> compile(RexNode node, List<Column<R>> columns) {
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

    private static <R> Optional<ScanCondition> equality(RexNode target, RexNode other, List<Column<R>> columns) {
        Optional<String> literal = text(other);
        if (literal.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> column = textColumn(target, columns);
        if (column.isPresent()) {
            return Optional.of(new ScanCondition(ScanCondition.Kind.EQUALS, column.get(), null, literal.get()));
        }
        if (target instanceof RexCall item && item.getKind() == SqlKind.ITEM && item.getOperands().size() == 2) {
            Optional<Integer> map = column(item.getOperands().get(0), columns)
                    .filter(i -> columns.get(i).typeName() == SqlTypeName.MAP);
            Optional<String> key = text(item.getOperands().get(1));
            if (map.isPresent() && key.isPresent()) {
                return Optional.of(new ScanCondition(ScanCondition.Kind.KEY_EQUALS, map.get(), key.get(), literal.get()));
            }
        }
        return Optional.empty();
    }

    private static <R> Optional<ScanCondition> prefixLike(RexNode target, RexNode pattern, List<Column<R>> columns) {
        Optional<Integer> column = textColumn(target, columns);
        Optional<String> text = text(pattern);
        if (column.isEmpty() || text.isEmpty()) {
            return Optional.empty();
        }
        String p = text.get();
        boolean exact = !p.endsWith("%");
        String prefix = exact ? p : p.substring(0, p.length() - 1);
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new ScanCondition(exact ? ScanCondition.Kind.EQUALS : ScanCondition.Kind.PREFIX, column.get(), null, prefix));
    }

    private static <R> Optional<Integer> textColumn(RexNode node, List<Column<R>> columns) {
        return column(node, columns).filter(i -> columns.get(i).typeName() == SqlTypeName.VARCHAR);
    }

    private static <R> Optional<Integer> column(RexNode node, List<Column<R>> columns) {
        return node instanceof RexInputRef ref && ref.getIndex() < columns.size()
                ? Optional.of(ref.getIndex()) : Optional.empty();
    }

    private static Optional<String> text(RexNode node) {
        if (node instanceof RexLiteral literal && SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())) {
            return Optional.ofNullable(literal.getValueAs(String.class));
        }
        return Optional.empty();
    }
}
