package io.meridian.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns a registry's error answer ({@code {"error_code":N,"message":"..."}}) into the matching
 * {@link SchemaRegistryException}, with a message that says what failed, where, and what to do.
 *
 * <p>Error codes differ between implementations (Apicurio has answered 40402 where Confluent answers
 * 40401, and plain 404 in older versions), so the HTTP status picks the exception type and the error
 * code only refines the message.
 */
final class RegistryErrors {

    private static final int MAX_ECHOED_BODY = 300;

    private RegistryErrors() {
    }

    /** What a call was doing, in words for messages. */
    enum Operation {
        REGISTER("register a schema under subject %s"),
        SCHEMA_BY_ID("fetch schema id %s"),
        LATEST("fetch the latest version of subject %s"),
        LOOKUP("look up a schema under subject %s"),
        COMPATIBILITY("test compatibility with subject %s"),
        SUBJECTS("list subjects%s"),
        SET_COMPATIBILITY("set the compatibility level of subject %s");

        private final String format;

        Operation(String format) {
            this.format = format;
        }

        String describe(String target) {
            return String.format(format, target == null ? "" : target);
        }
    }

    /** The error code and message of an error answer; code 0 when the body carries none. */
    record ErrorBody(int errorCode, String message) {
    }

    static ErrorBody parse(ObjectMapper json, String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node != null && node.isObject() && (node.has("error_code") || node.has("message"))) {
                return new ErrorBody(node.path("error_code").asInt(0), node.path("message").asText(""));
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, for example): echo the start of the text instead.
        }
        return new ErrorBody(0, truncate(body));
    }

    /** The exception for a non-2xx answer to {@code operation} on {@code target} (subject or id). */
    static SchemaRegistryException toException(ObjectMapper json, RegistryTransport.Response response,
                                               Operation operation, String target) {
        ErrorBody error = parse(json, response.body());
        String said = error.message().isBlank() ? "" : " (registry said: " + error.message() + ")";
        String where = " at " + response.registryUrl();
        return switch (response.status()) {
            case 404 -> new NotFoundException(error.errorCode(), notFound(operation, target, error.errorCode(),
                    response) + said);
            case 409 -> new IncompatibleSchemaException(error.errorCode(), "schema for subject " + target
                    + " refused" + where + " as incompatible with earlier versions" + said
                    + ": make the change compatible (give a new field a default, do not change a field's type) "
                    + "or register it under another subject");
            case 422 -> new InvalidSchemaException(error.errorCode(), "the registry" + where + " could not "
                    + operation.describe(target) + ": invalid request (error_code " + error.errorCode() + ")"
                    + said + ": fix the schema in schemas/src/main/avro or the compatibility level");
            case 401, 403 -> new SchemaRegistryException(response.status(), error.errorCode(), "the registry"
                    + where + " refused to " + operation.describe(target) + " with HTTP " + response.status()
                    + said + ": check " + RegistrySettings.CREDENTIALS_SOURCE + " and "
                    + RegistrySettings.USER_INFO + " and the user's permissions");
            default -> new SchemaRegistryException(response.status(), error.errorCode(), "the registry" + where
                    + " failed to " + operation.describe(target) + " with HTTP " + response.status()
                    + (error.errorCode() == 0 ? "" : " (error_code " + error.errorCode() + ")") + said
                    + ": retry later or check the registry's log");
        };
    }

    /** The exception for a 2xx answer whose body is not what the API documents. */
    static SchemaRegistryException unexpectedBody(RegistryTransport.Response response, Operation operation,
                                                  String target, Exception cause) {
        return new SchemaRegistryException("the registry at " + response.registryUrl() + " answered "
                + response.method() + " " + response.path() + " (to " + operation.describe(target)
                + ") with an unexpected body '" + truncate(response.body()) + "': is " + RegistrySettings.URL
                + " the Confluent-compatible API of a schema registry (Apicurio: .../apis/ccompat/v7)?", cause);
    }

    private static String notFound(Operation operation, String target, int errorCode,
                                   RegistryTransport.Response response) {
        String where = " at " + response.registryUrl();
        return switch (operation) {
            case SCHEMA_BY_ID -> "schema id " + target + " not found" + where + ": the record was written "
                    + "against another schema registry or the schema was deleted; point schemaRegistry.url at "
                    + "the registry the producer used";
            case LATEST -> "subject " + target + (errorCode == NotFoundException.VERSION_NOT_FOUND
                    ? " has no registered version" : " not found") + where
                    + ": register the schema first or check the topic name";
            // Apicurio answers 40401 also when the subject exists without this schema: one message fits both.
            case LOOKUP -> "schema not registered under subject " + target + where + ": register it first ("
                    + "a producer with auto.register.schemas=true, or POST /subjects/" + target + "/versions) or "
                    + "check the topic name and the producer's schema version";
            default -> "the registry" + where + " has no resource for " + response.method() + " "
                    + response.path() + " (to " + operation.describe(target) + "): check " + RegistrySettings.URL
                    + " and its path prefix (Apicurio serves this API under /apis/ccompat/v7)";
        };
    }

    private static String truncate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_ECHOED_BODY ? flat : flat.substring(0, MAX_ECHOED_BODY) + "...";
    }
}
