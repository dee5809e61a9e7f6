package io.meridian.schemas.registry;

/** HTTP 422: the registry could not parse the schema or the request (error codes 422, 42201, 42202, 42203). */
public class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(int errorCode, String message) {
        super(422, errorCode, message);
    }
}
