package io.meridian.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that Meridian uses.
 *
 * <p>Implemented over HTTP by {@link HttpSchemaRegistryClient} (Confluent Schema Registry, Apicurio's
 * ccompat API, Karapace, Redpanda and Meridian's embedded registry) and in memory by
 * {@link InMemorySchemaRegistry} for tests on {@code TopologyTestDriver}. Implementations are
 * thread-safe. Failures are {@link SchemaRegistryException}s whose message says what to do.
 */
public interface SchemaRegistry extends AutoCloseable {

    /**
     * Registers a schema under a subject, or returns the id it already has there.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility level refuses it
     * @throws InvalidSchemaException when the registry cannot parse it
     */
    int register(String subject, Schema schema);

    /** The schema with this global id; cached, since ids never change meaning. */
    Schema schemaById(int id);

    /** The latest version registered under a subject. */
    SchemaVersion latest(String subject);

    /** The version of this exact schema under a subject, without registering it. */
    SchemaVersion lookup(String subject, Schema schema);

    /** Whether the schema could be registered under the subject, with the reasons when not. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Every subject with at least one live version. */
    List<String> subjects();

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    @Override
    default void close() {
    }

    /** One registered version of a subject. */
    record SchemaVersion(String subject, int version, int id, Schema schema) {
    }

    /** The answer of a compatibility check; {@code messages} name the offending fields. */
    record CompatibilityResult(boolean compatible, List<String> messages) {
        public static CompatibilityResult ok() {
            return new CompatibilityResult(true, List.of());
        }
    }
}
