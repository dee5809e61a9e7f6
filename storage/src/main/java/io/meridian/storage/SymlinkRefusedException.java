package io.meridian.storage;

import java.io.IOException;

/**
 * A key names a file through a symlink: one of its path components (a parent directory or the file
 * itself) is a symbolic link. Meridian never follows symlinks (DESIGN.md invariant 9), so the operation
 * was refused before any byte was read, written or deleted. Not retriable: the same key fails the same
 * way until someone replaces the link.
 */
public final class SymlinkRefusedException extends IOException {
    private final String siloId;
    private final String key;
    private final String component;

    public SymlinkRefusedException(String siloId, String key, String component, Throwable cause) {
        super("path component '" + component + "' of key '" + key + "' in silo " + siloId
                + " is a symlink; Meridian never follows symlinks", cause);
        this.siloId = siloId;
        this.key = key;
        this.component = component;
    }

    public String siloId() {
        return siloId;
    }

    public String key() {
        return key;
    }

    /** The key's prefix that is the symlink ({@code "outlink"} of {@code "outlink/victim.txt"}). */
    public String component() {
        return component;
    }
}
