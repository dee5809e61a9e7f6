package io.meridian.config;

import io.meridian.expr.Condition;

/**
 * Type-checks the {@code when} conditions of a config or policy file, so that a condition that would
 * never evaluate is refused when the file is read, naming the field. {@link #CEL} is the check of
 * Meridian's condition language ({@link Condition#problem}), the one every loader uses; {@link #NONE}
 * checks only the shape, for tests of the parsers themselves.
 */
@FunctionalInterface
public interface ConditionCheck {
    /** Accepts every condition: only the shape is checked. */
    ConditionCheck NONE = when -> null;

    /** The condition language: the same check, and message, as the classifier and placement compile with. */
    ConditionCheck CEL = new ConditionCheck() {
        @Override
        public String problem(String when) {
            return Condition.problem(when, Condition.Use.POLICY);
        }

        @Override
        public String ruleProblem(String when) {
            return Condition.problem(when, Condition.Use.CLASSIFICATION);
        }
    };

    /** Null when {@code when} is a valid policy condition; otherwise what is wrong with it. */
    String problem(String when);

    /** As {@link #problem}, for a classification rule's {@code when}. */
    default String ruleProblem(String when) {
        return problem(when);
    }
}
