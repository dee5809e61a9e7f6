package io.meridian.movers;

/**
 * A command that cannot succeed, with the class reported in {@code MoveResult.errorClass}. Thrown
 * inside the mover only; the worker turns it into a FAILED or SOURCE_CHANGED result.
 */
public final class MoveFailure extends Exception {
    public static final String CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH";
    public static final String TARGET_FULL = "TARGET_FULL";
    public static final String SOURCE_MISSING = "SOURCE_MISSING";
    public static final String SOURCE_CHANGED = "SOURCE_CHANGED";
    public static final String LAST_INSTANCE = "LAST_INSTANCE";
    public static final String BAD_COMMAND = "BAD_COMMAND";
    /** A component of the file's path is a symlink in one of the silos (invariant 9): fails the same way until the link goes. */
    public static final String SYMLINK_REFUSED = "SYMLINK_REFUSED";
    public static final String IO = "IO";

    private final String errorClass;

    MoveFailure(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    MoveFailure(String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
