package io.meridian.query.sql;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Iterables;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

/**
 * The key ranges of the sorted store that a WHERE clause allows, from its conjuncts on the path
 * column: {@code path = 'x'} is the single key x; {@code path LIKE '/dir/%'} (only a trailing '%',
 * no '_' and no ESCAPE) is every key with that prefix; a search argument, which Calcite makes of
 * {@code path IN (...)}, {@code path = a OR path = b}, {@code NOT IN}, {@code <>}, comparisons and
 * {@code BETWEEN}, is its set of ranges. Several such conjuncts intersect. Anything else leaves the
 * range unbounded; the filters are still applied in full afterwards, so the ranges only have to
 * contain every matching row.
 */
public final class PathRange {
    private static final PathRange ALL = new PathRange(ImmutableRangeSet.of(Range.all()));

    private final ImmutableRangeSet<String> ranges;

    private PathRange(RangeSet<String> ranges) {
        this.ranges = ImmutableRangeSet.copyOf(ranges);
    }

    /** The ranges the conjuncts allow for the path column at {@code pathColumn}. */
    public static PathRange of(List<RexNode> conjuncts, int pathColumn) {
        RangeSet<String> allowed = TreeRangeSet.create(ALL.ranges);
        for (RexNode node : conjuncts) {
            single(node, pathColumn).ifPresent(one -> allowed.removeAll(one.complement()));
        }
        return new PathRange(allowed);
    }

    public boolean unbounded() {
        return ranges.encloses(Range.all());
    }

    /** One key range: paths in [{@code from}, {@code to}) by {@link String#compareTo}; {@code to} null means no bound. */
    public record KeyRange(String from, String to) {
        /** Whether {@code path} is in this range. */
        public boolean contains(String path) {
            return path.compareTo(from) >= 0 && (to == null || path.compareTo(to) < 0);
        }
    }

    /** These ranges as key ranges, in order; one unbounded range when nothing narrows the path. */
    public List<KeyRange> keyRanges() {
        List<KeyRange> out = new ArrayList<>();
        for (Range<String> range : ranges.asRanges()) {
            out.add(new KeyRange(from(range), to(range)));
        }
        return out;
    }

    /** The files of the store in these ranges, in path order. */
    Iterable<FileRow> files(MetadataStore store) {
        if (unbounded()) {
            return store.allFiles();
        }
        List<Iterable<FileRow>> parts = new ArrayList<>();
        for (KeyRange range : keyRanges()) {
            parts.add(store.range(range.from(), range.to()));
        }
        return Iterables.concat(parts);
    }

    /** The lowest key of a range, inclusive; "\0" is the smallest string greater than "". */
    private static String from(Range<String> range) {
        if (!range.hasLowerBound()) {
            return "";
        }
        return range.lowerBoundType() == BoundType.CLOSED ? range.lowerEndpoint() : range.lowerEndpoint() + '\0';
    }

    /** The key bound of a range, exclusive; null for none. */
    private static String to(Range<String> range) {
        if (!range.hasUpperBound()) {
            return null;
        }
        return range.upperBoundType() == BoundType.OPEN ? range.upperEndpoint() : range.upperEndpoint() + '\0';
    }

    private static Optional<RangeSet<String>> single(RexNode node, int pathColumn) {
        if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
            return Optional.empty();
        }
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        return switch (call.getKind()) {
            case EQUALS -> (isRef(a, pathColumn) ? text(b) : isRef(b, pathColumn) ? text(a) : Optional.<String>empty())
                    .map(value -> ImmutableRangeSet.of(Range.singleton(value)));
            case LIKE -> isRef(a, pathColumn) ? text(b).flatMap(PathRange::prefix) : Optional.empty();
            case SEARCH -> isRef(a, pathColumn) ? search(b) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<RangeSet<String>> prefix(String pattern) {
        String prefix = pattern.substring(0, Math.max(0, pattern.length() - 1));
        if (!pattern.endsWith("%") || prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0) {
            return Optional.empty();
        }
        String end = MetadataStore.prefixEnd(prefix);
        return Optional.of(ImmutableRangeSet.of(end == null ? Range.atLeast(prefix) : Range.closedOpen(prefix, end)));
    }

    /** The ranges of a search argument over strings; empty for any other literal. */
    private static Optional<RangeSet<String>> search(RexNode node) {
        if (!(unwrapCast(node) instanceof RexLiteral literal) || literal.getTypeName() != SqlTypeName.SARG) {
            return Optional.empty();
        }
        Sarg<?> sarg = literal.getValueAs(Sarg.class);
        RangeSet<String> out = TreeRangeSet.create();
        for (Range<?> range : sarg.rangeSet.asRanges()) {
            Optional<Range<String>> text = textRange(range);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            out.add(text.get());
        }
        return Optional.of(out);
    }

    private static Optional<Range<String>> textRange(Range<?> range) {
        Optional<String> lo = range.hasLowerBound() ? string(range.lowerEndpoint()) : Optional.of("");
        Optional<String> hi = range.hasUpperBound() ? string(range.upperEndpoint()) : Optional.of("");
        if (lo.isEmpty() || hi.isEmpty()) {
            return Optional.empty();
        }
        Range<String> lower = range.hasLowerBound() ? Range.downTo(lo.get(), range.lowerBoundType()) : Range.all();
        Range<String> upper = range.hasUpperBound() ? Range.upTo(hi.get(), range.upperBoundType()) : Range.all();
        return Optional.of(lower.intersection(upper));
    }

    private static Optional<String> string(Object endpoint) {
        return endpoint instanceof NlsString nls ? Optional.of(nls.getValue()) : Optional.empty();
    }

    private static boolean isRef(RexNode node, int column) {
        return unwrapCast(node) instanceof RexInputRef ref && ref.getIndex() == column;
    }

    /** A character literal's text; empty for any other node (a search argument, a number, a call). */
    private static Optional<String> text(RexNode node) {
        RexNode inner = unwrapCast(node);
        if (inner instanceof RexLiteral lit && SqlTypeName.CHAR_TYPES.contains(lit.getTypeName())) {
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
