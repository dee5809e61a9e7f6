package io.meridian.schemas.registry;

/** HTTP 404: subject (40401), version (40402) or schema (40403) not found. */
public class NotFoundException extends SchemaRegistryException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;

    public NotFoundException(int errorCode, String message) {
        super(404, errorCode, message);
    }
}
