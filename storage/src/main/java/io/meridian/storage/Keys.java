package io.meridian.storage;

import java.util.regex.Pattern;

/** Validation of silo-relative keys: '/'-separated, no leading '/', no empty, '.' or '..' segment, no control character. */
public final class Keys {
    /** The size to give {@link #isInternal(String, long)} when it is not known (a delete, a name-only check). */
    public static final long UNKNOWN_SIZE = -1;
    /** How S3Proxy's filesystem and transient blob stores name the stub and the parts of a multipart upload. */
    public static final String S3PROXY_UPLOAD_PREFIX = ".mpus-";
    // S3Proxy's upload ids are UUID.randomUUID().toString().
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Keys() {
    }

    /** Returns the key when valid, else throws IllegalArgumentException saying why. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key: name a file below the silo root");
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("key '" + key + "' must be relative and name a file (no leading or trailing '/')");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("key '" + key.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /**
     * Whether the last segment is a mover's temporary name: a leftover Meridian may sweep. What
     * listings skip is wider, see {@link #isInternal(String, long)}.
     */
    public static boolean isTemp(String key) {
        int slash = key.lastIndexOf('/');
        return key.startsWith(SiloStore.TEMP_PREFIX, slash + 1);
    }

    /**
     * Whether {@code key} names something a writer keeps for itself while it writes rather than a file.
     * Every listing, notification and scan skips such keys, so they never enter the global view, never
     * inherit tags and are never placed (DESIGN.md invariant 2). {@code key} is relative to the bucket
     * (S3) or to the silo root (POSIX); {@code size} is the object's size, or {@link #UNKNOWN_SIZE}.
     * Internal are:
     * <ul>
     *   <li>Meridian's temporary names: any segment starting with {@code .meridian-tmp-} (a mover's
     *       uncommitted copy, the marker of a multipart upload, a directory being made);</li>
     *   <li>the multipart bookkeeping of S3Proxy's filesystem and transient blob stores, which keep an
     *       upload in progress as objects of the bucket itself: {@code .mpus-<upload id>-<key>-stub} and
     *       {@code .mpus-<upload id>-<key>-<part number>} (only the first segment starts with
     *       {@code .mpus-}, since the key may contain '/'), and an empty object named by the upload id
     *       (a lowercase UUID) at the bucket root. That stub needs {@code size == 0}, so that a user's
     *       non-empty object which happens to be named by a UUID is still a file.</li>
     * </ul>
     */
    public static boolean isInternal(String key, long size) {
        return key.startsWith(SiloStore.TEMP_PREFIX) || key.contains("/" + SiloStore.TEMP_PREFIX)
                || key.startsWith(S3PROXY_UPLOAD_PREFIX)
                || size == 0 && UPLOAD_ID.matcher(key).matches();
    }
}
