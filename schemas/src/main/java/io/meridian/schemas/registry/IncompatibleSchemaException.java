package io.meridian.schemas.registry;

/** HTTP 409: the schema breaks the subject's compatibility level. The message names the fields. */
public class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(int errorCode, String message) {
        super(409, errorCode, message);
    }
}
