package io.meridian.storage.s3;

import io.meridian.storage.WriteOptions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The user metadata Meridian keeps on S3 objects: preserved mtime and mode, and the verified CRC32C. */
public final class S3Metadata {
    static final String MTIME = "meridian-mtime";
    static final String MODE = "meridian-mode";
    static final String CRC32C = "meridian-crc32c";

    private S3Metadata() {
    }

    /** Metadata for a write, without the {@code x-amz-meta-} prefix. */
    static Map<String, String> of(WriteOptions options, Long crc32c) {
        Map<String, String> meta = new HashMap<>();
        meta.put(MTIME, Long.toString(options.mtimeMillis() == null ? System.currentTimeMillis() : options.mtimeMillis()));
        if (options.mode() != null) {
            meta.put(MODE, Integer.toOctalString(options.mode()));
        }
        if (crc32c != null) {
            meta.put(CRC32C, Long.toString(crc32c));
        }
        return meta;
    }

    /**
     * An ETag without the quotes S3 puts around it in some answers (CompleteMultipartUpload, listings)
     * and not in others (HEAD through the SDK), so that every ETag Meridian reports compares equal to
     * the one a watcher lists for the same object.
     */
    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        String etag = raw.strip();
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** The CRC32C Meridian verified and wrote with an object ({@value #CRC32C}), or null (none, or not a number). */
    public static Long crc32c(Map<String, String> userMetadata) {
        return longValue(userMetadata, CRC32C, 10);
    }

    /** The source's mtime in epoch milliseconds that Meridian wrote with an object ({@value #MTIME}), or null. */
    public static Long mtimeMillis(Map<String, String> userMetadata) {
        return longValue(userMetadata, MTIME, 10);
    }

    static String get(Map<String, String> userMetadata, String name) {
        for (Map.Entry<String, String> e : userMetadata.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.equals(name) || key.equals("x-amz-meta-" + name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static Long longValue(Map<String, String> userMetadata, String name, int radix) {
        String value = get(userMetadata, name);
        try {
            return value == null ? null : Long.parseLong(value.trim(), radix);
        } catch (NumberFormatException e) {
            return null; // metadata written by someone else: treat as unknown
        }
    }
}
