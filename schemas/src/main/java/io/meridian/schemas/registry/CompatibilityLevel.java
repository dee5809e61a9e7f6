package io.meridian.schemas.registry;

/** The Schema Registry compatibility levels, with Confluent's names. Meridian's default is BACKWARD. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Whether a new schema is checked against every earlier version rather than only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /** Whether the new schema must read data written with the earlier ones. */
    public boolean checksBackward() {
        return this != NONE && !name().startsWith("FORWARD");
    }

    /** Whether the earlier schemas must read data written with the new one. */
    public boolean checksForward() {
        return this != NONE && !name().startsWith("BACKWARD");
    }
}
