package io.meridian.schemas.registry;

/**
 * A registry call that failed, with the HTTP status and the registry's error code
 * ({@code error_code} in the Confluent API, e.g. 40401 subject not found, 409 incompatible, 42201 invalid schema).
 */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
    }

    /** HTTP status of the answer; 0 when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}; 0 when it sent none. */
    public int errorCode() {
        return errorCode;
    }
}
