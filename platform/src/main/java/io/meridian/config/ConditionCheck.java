package io.meridian.config;

/**
 * Type-checks a policy's {@code when} condition. The config module only knows the shape of a
 * policy; the condition language (CEL over FileRecord facts) belongs to the placement stage, which
 * supplies this check to {@link ConfigLoader} and {@link PolicyParser#parseDocument} so that a
 * condition that would never evaluate is refused when the config or policy file is read, naming the
 * field.
 */
@FunctionalInterface
public interface ConditionCheck {
    /** Accepts every condition: only the shape is checked. */
    ConditionCheck NONE = when -> null;

    /** Null when {@code when} is a valid condition; otherwise what is wrong with it, in one line. */
    String problem(String when);
}
