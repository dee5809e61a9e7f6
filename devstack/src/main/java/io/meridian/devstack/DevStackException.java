package io.meridian.devstack;

/** A part of the {@link DevStack} could not start; the message names the part and the reason. */
public final class DevStackException extends RuntimeException {

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
