package io.meridian.placement.policy;

import io.meridian.expr.FileFacts;
import io.meridian.schemas.Policy;
import java.time.Clock;
import java.util.List;

/**
 * A policy with its {@code when} compiled, or the reason it could not be: an invalid policy
 * published by another tool matches nothing and says why in {@code meridian explain}.
 *
 * @param policy the policy as published
 * @param when   the compiled condition, null when invalid
 * @param error  why the policy is invalid, null when valid
 */
public record CompiledPolicy(Policy policy, PolicyExpression when, String error) {

    /** Compiles one policy; never throws. */
    public static CompiledPolicy of(Policy policy, Clock clock) {
        try {
            PolicyValidator.requireValid(policy);
            return new CompiledPolicy(policy, PolicyExpression.compile(policy.getWhen(), clock), null);
        } catch (IllegalArgumentException e) {
            return new CompiledPolicy(policy, null, e.getMessage());
        }
    }

    public String name() {
        return policy.getName();
    }

    public boolean valid() {
        return error == null;
    }

    /** The path prefixes this policy can match under: none when invalid, the empty prefix when unbounded. */
    public List<String> pathPrefixes() {
        return valid() ? when.pathPrefixes() : List.of();
    }

    /** True when valid and its condition holds for these facts. */
    public boolean matches(FileFacts facts) {
        return valid() && when.matches(facts);
    }
}
