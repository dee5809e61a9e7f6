package io.meridian.watchers.s3;

import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.storage.Keys;

/**
 * Maps object keys of one S3 silo (bucket + optional prefix) to logical paths below its mount.
 * Keys outside the prefix, "folder" markers ending in '/', and keys that LogicalPath refuses (a
 * {@code ..} segment, a control character, {@code //}) are refused with a reason, never rewritten.
 * Keys that {@link Keys#isInternal} names (Meridian's temp names, S3Proxy's multipart stubs and parts)
 * are not the silo's files: {@link #isFile} says so, and listings and notifications skip them silently.
 */
public final class S3Keys {
    private final String bucket;
    private final String prefix;
    private final String mount;

    public S3Keys(String bucket, String prefix, String mount) {
        this.bucket = bucket;
        // A prefix names a "directory" of keys: "datasets" and "datasets/" both mean keys under datasets/.
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
        this.mount = mount;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    /** The logical directory (ending in '/') that holds every path of the silo. */
    public String mountDirectory() {
        return mount.endsWith("/") ? mount : mount + "/";
    }

    /**
     * Whether an object of the bucket is one of the silo's files: under the prefix and not internal.
     * {@code size} is the object's size, or {@link Keys#UNKNOWN_SIZE} (a delete notification).
     */
    public boolean isFile(String key, long size) {
        return key.startsWith(prefix) && !Keys.isInternal(key, size);
    }

    /** The logical path of {@code key}; throws PathRejectedException with the reason when it has none. */
    public String logicalPath(String key) {
        if (!key.startsWith(prefix)) {
            throw new PathRejectedException(key, "key is outside the silo's prefix '" + prefix + "'");
        }
        String relative = key.substring(prefix.length());
        if (relative.isEmpty() || relative.endsWith("/")) {
            throw new PathRejectedException(key, "key is a folder marker, not an object");
        }
        return LogicalPath.under(mount, relative);
    }

    /** Strips the quotes S3 puts around ETags in listings, so listings and notifications agree. */
    public static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        String etag = raw.strip();
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
