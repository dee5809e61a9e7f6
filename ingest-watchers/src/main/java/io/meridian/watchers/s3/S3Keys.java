package io.meridian.watchers.s3;

import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;

/**
 * Maps object keys of one S3 silo (bucket + optional prefix) to logical paths below its mount.
 * Keys outside the prefix, "folder" markers ending in '/', and keys that LogicalPath refuses (a
 * {@code ..} segment, a control character, {@code //}) are refused with a reason, never rewritten.
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
