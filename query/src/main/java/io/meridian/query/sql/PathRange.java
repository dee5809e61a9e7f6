package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * The key range of the sorted store that a WHERE clause allows, from its conjuncts on the path
 * column: {@code path = 'x'} is the single key x, {@code path LIKE '/dir/%'} (only a trailing
 * '%', no '_' and no ESCAPE) is every key with that prefix. Several such conjuncts intersect.
 * Anything else leaves the range unbounded; the filters are still applied in full afterwards, so
 * the range only has to contain every matching row.
 *
 * @param from lowest key, inclusive
 * @param to   key bound, exclusive; null for no upper bound
 */
public record PathRange(String from, String to) {
    public static final PathRange ALL = new PathRange("", null);

    /** The range the conjuncts allow for the path column at {@code pathColumn}. */
    public static PathRange of(List<RexNode> conjuncts, int pathColumn) {
        PathRange range = ALL;
        for (RexNode node : conjuncts) {
            Optional<PathRange> narrowed = single(node, pathColumn);
            if (narrowed.isPresent()) {
                range = range.intersect(narrowed.get());
            }
        }
        return range;
    }

    public boolean unbounded() {
        return from.isEmpty() && to == null;
    }

    private PathRange intersect(PathRange other) {
        String lo = from.compareTo(other.from) >= 0 ? from : other.from;
        String hi = to == null ? other.to : other.to == null ? to : (to.compareTo(other.to) <= 0 ? to : other.to);
        if (hi != null && lo.compareTo(hi) > 0) {
            hi = lo; // empty: nothing can match both
        }
        return new PathRange(lo, hi);
    }

    private static Optional<PathRange> single(RexNode node, int pathColumn) {
        if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
            return Optional.empty();
        }
        Optional<String> literal = literalAgainstColumn(call, pathColumn);
        if (literal.isEmpty()) {
            return Optional.empty();
        }
        String value = literal.get();
        if (call.getKind() == SqlKind.EQUALS) {
            return Optional.of(new PathRange(value, value + '\0'));
        }
        if (call.getKind() == SqlKind.LIKE && isRef(call.getOperands().get(0), pathColumn)) {
            String prefix = value.substring(0, Math.max(0, value.length() - 1));
            boolean plainPrefix = value.endsWith("%") && prefix.indexOf('%') < 0 && prefix.indexOf('_') < 0;
            return plainPrefix ? Optional.of(new PathRange(prefix, MetadataStore.prefixEnd(prefix))) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The string literal compared with the path column, in either operand order. */
    private static Optional<String> literalAgainstColumn(RexCall call, int pathColumn) {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (isRef(a, pathColumn)) {
            return literal(b);
        }
        return isRef(b, pathColumn) ? literal(a) : Optional.empty();
    }

    private static boolean isRef(RexNode node, int column) {
        RexNode inner = unwrapCast(node);
        return inner instanceof RexInputRef ref && ref.getIndex() == column;
    }

    private static Optional<String> literal(RexNode node) {
        RexNode inner = unwrapCast(node);
        if (inner instanceof RexLiteral lit) {
            return Optional.ofNullable(lit.getValueAs(String.class));
        }
        return Optional.empty();
    }

    private static RexNode unwrapCast(RexNode node) {
        if (node instanceof RexCall call && call.getKind() == SqlKind.CAST) {
            return call.getOperands().get(0);
        }
        return node;
    }
}
