package io.meridian.devstack.registry;

import io.meridian.schemas.registry.IncompatibleSchemaException;
import io.meridian.schemas.registry.InvalidSchemaException;
import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistryException;
import java.util.List;

/**
 * The errors of the Confluent Schema Registry REST API, with Confluent's HTTP statuses, error codes
 * and messages, so that clients written for Confluent recognise them.
 */
final class RegistryErrors {
    static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
    static final int INCOMPATIBLE_SCHEMA = 409;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    static final int STORE_ERROR = 50001;
    static final int STORE_TIMEOUT = 50002;

    private RegistryErrors() {
    }

    static NotFoundException subjectNotFound(String subject) {
        return new NotFoundException(NotFoundException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static NotFoundException versionNotFound(int version) {
        return new NotFoundException(NotFoundException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    static NotFoundException schemaNotFound(int id) {
        return new NotFoundException(NotFoundException.SCHEMA_NOT_FOUND, "Schema " + id + " not found.");
    }

    static NotFoundException schemaNotFoundInSubject() {
        return new NotFoundException(NotFoundException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    static NotFoundException subjectLevelNotConfigured(String subject) {
        return new NotFoundException(SUBJECT_LEVEL_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static InvalidSchemaException invalidSchema(String detail) {
        return new InvalidSchemaException(INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    static InvalidSchemaException invalidVersion(String version) {
        return new InvalidSchemaException(INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static InvalidSchemaException invalidCompatibilityLevel() {
        return new InvalidSchemaException(INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. Valid values are"
                + " none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    static IncompatibleSchemaException incompatible(String subject, List<String> messages, String level) {
        return new IncompatibleSchemaException(INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an"
                + " earlier schema for subject \"" + subject + "\", details: " + messages
                + ", {compatibility: '" + level + "'}");
    }

    static SchemaRegistryException storeError(String message, Throwable cause) {
        SchemaRegistryException error = new SchemaRegistryException(500, STORE_ERROR, message);
        error.initCause(cause);
        return error;
    }

    static SchemaRegistryException storeTimeout(String message) {
        return new SchemaRegistryException(500, STORE_TIMEOUT, message);
    }
}
