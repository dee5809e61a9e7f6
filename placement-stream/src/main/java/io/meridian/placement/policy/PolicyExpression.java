package io.meridian.placement.policy;

import io.meridian.expr.Condition;
import io.meridian.expr.FileFacts;
import java.time.Clock;
import java.util.List;

/**
 * A policy's {@code when}: a {@link Condition} of the one condition language (the one classification
 * rules use), plus the path prefixes it is bounded to ({@link PathScope}), so that a changed policy
 * re-evaluates only those key ranges. Evaluation errors (a missing tag key, say) mean "does not
 * match": a policy never moves a file it cannot evaluate. Thread-safe once compiled.
 */
public final class PolicyExpression {
    private final Condition condition;
    private final List<String> pathPrefixes;

    private PolicyExpression(Condition condition) {
        this.condition = condition;
        this.pathPrefixes = PathScope.of(condition.syntax());
    }

    /**
     * Compiles {@code when}; {@code clock} is what {@code ageDays} measures against.
     *
     * @throws IllegalArgumentException with {@link Condition#problem}'s message when it is not a valid condition
     */
    public static PolicyExpression compile(String when, Clock clock) {
        return new PolicyExpression(Condition.compile(when, Condition.Use.POLICY, clock));
    }

    /** True when the expression holds for these facts; false when it does not or cannot be evaluated. */
    public boolean matches(FileFacts facts) {
        return condition.matches(facts);
    }

    /**
     * Path prefixes outside which the expression is false (a list with the empty prefix when it does
     * not restrict the path), so a change of the policy re-evaluates only those key ranges.
     */
    public List<String> pathPrefixes() {
        return pathPrefixes;
    }

    /** The expression exactly as written. */
    public String source() {
        return condition.source();
    }
}
