package io.meridian.storage;

import java.io.IOException;

/** The target silo has no room for the object (its configured capacity, or the file system said ENOSPC). */
public final class TargetFullException extends IOException {
    public TargetFullException(String message) {
        super(message);
    }
}
