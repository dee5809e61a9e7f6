package io.meridian.devstack.registry;

import io.meridian.schemas.registry.CompatibilityLevel;

/**
 * One record of the {@code _schemas} topic, decoded. The layout is Confluent's KafkaStore layout, so a
 * topic written here can be read by Confluent Schema Registry and the other way round (Avro only).
 */
sealed interface StoreRecord {

    /** A schema registered under a subject as a version; {@code deleted} marks a soft delete. */
    record SchemaRecord(String subject, int version, int id, String schema, boolean deleted) implements StoreRecord {

        SchemaRecord asDeleted() {
            return new SchemaRecord(subject, version, id, schema, true);
        }
    }

    /** A version removed for good (a null value under a schema key). */
    record SchemaTombstone(String subject, int version) implements StoreRecord {
    }

    /**
     * A compatibility level; {@code subject} null means the global level, {@code level} null clears it.
     */
    record ConfigRecord(String subject, CompatibilityLevel level) implements StoreRecord {
    }
}
