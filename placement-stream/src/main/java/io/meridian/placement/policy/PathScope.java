package io.meridian.placement.policy;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.meridian.expr.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The path prefixes a condition can only match under, read from its syntax tree, so that a changed
 * policy re-evaluates a key range of the sorted file store instead of every file. Sound, not
 * complete: {@code path.startsWith('p')} bounds to {@code p}; {@code a && b} to whichever side is
 * bounded; {@code a || b} to the union when both sides are; anything else is unbounded (the empty
 * prefix, every path).
 */
public final class PathScope {
    /** Every path. */
    static final List<String> ALL = List.of("");

    private PathScope() {
    }

    /** The prefixes, without nested duplicates; {@link #ALL} when the condition does not bound the path. */
    static List<String> of(CelExpr expr) {
        return minimal(prefixes(expr));
    }

    private static List<String> prefixes(CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return ALL;
        }
        CelExpr.CelCall call = expr.call();
        if (call.function().equals("_&&_")) {
            List<String> left = prefixes(call.args().get(0));
            return left.equals(ALL) ? prefixes(call.args().get(1)) : left;
        }
        if (call.function().equals("_||_")) {
            List<String> left = prefixes(call.args().get(0));
            List<String> right = prefixes(call.args().get(1));
            List<String> both = new ArrayList<>(left);
            both.addAll(right);
            return left.equals(ALL) || right.equals(ALL) ? ALL : both;
        }
        if (call.function().equals("startsWith") && call.target().isPresent() && call.args().size() == 1
                && isPath(call.target().get()) && call.args().get(0).getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && call.args().get(0).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            return List.of(call.args().get(0).constant().stringValue());
        }
        return ALL;
    }

    private static boolean isPath(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(Variable.PATH.id());
    }

    /** Sorted prefixes with those inside another removed ("/a/b/" is inside "/a/"). */
    public static List<String> minimal(List<String> prefixes) {
        List<String> out = new ArrayList<>();
        for (String prefix : new TreeSet<>(prefixes)) {
            if (out.isEmpty() || !prefix.startsWith(out.get(out.size() - 1))) {
                out.add(prefix);
            }
        }
        return List.copyOf(out);
    }
}
