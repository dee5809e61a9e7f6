package io.meridian.placement.policy;

import io.meridian.expr.Condition;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a policy before it is published or used. Every message names the field it is about, so
 * {@code meridian policy apply} can refuse a file with a message that says what to fix.
 */
public final class PolicyValidator {
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9_.-]{0,127}";

    private PolicyValidator() {
    }

    /** Every problem of the policy, each starting with the field name; empty when valid. */
    public static List<String> problems(Policy policy) {
        List<String> problems = fieldProblems(policy);
        String when = conditionProblem(policy.getWhen());
        if (when != null) {
            boolean nameFirst = !problems.isEmpty() && problems.get(0).startsWith("name: ");
            problems.add(nameFirst ? 1 : 0, "when: " + when); // in the order of the fields
        }
        return problems;
    }

    /** The problems of every field but {@code when}, each starting with the field name. */
    private static List<String> fieldProblems(Policy policy) {
        List<String> problems = new ArrayList<>();
        if (policy.getName() == null || !policy.getName().matches(NAME_PATTERN)) {
            problems.add("name: '" + policy.getName() + "' is invalid; use lower-case letters, digits, '-', '_' or '.'");
        }
        PlacementSelector place = policy.getPlace();
        if (place == null || place.getSilos().isEmpty() && place.getSite() == null && place.getTier() == null
                && place.getLabels().isEmpty()) {
            problems.add("place: must select silos: give silos, site, tier or labels");
        }
        if (policy.getCopies() < 1 || policy.getCopies() > 16) {
            problems.add("copies: " + policy.getCopies() + " is out of range; use 1 to 16");
        }
        if (policy.getPinMillis() != null && policy.getPinMillis() < 0) {
            problems.add("pin: must not be negative");
        }
        return problems;
    }

    /** What is wrong with a policy's {@code when}, null when valid: the one check ({@link Condition#problem}). */
    public static String conditionProblem(String when) {
        return Condition.problem(when, Condition.Use.POLICY);
    }

    /** Throws with every problem when the policy's fields are invalid (the condition is not compiled here). */
    static void requireValid(Policy policy) {
        List<String> problems = fieldProblems(policy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
