package io.meridian.namespace;

import io.meridian.schemas.Silo;
import java.util.Optional;

/**
 * Where a file of the global namespace lies on a silo. A silo holds the files below its mount; a
 * file's <em>key</em> there is its logical path below the mount ({@link #relative}), which is what a
 * silo store opens, and its <em>location</em> is what a client outside Meridian opens
 * ({@link #uri}): the silo's root joined with the key on a POSIX silo, {@code s3://bucket/} with the
 * silo's key prefix and the key on an S3 silo. This is the one mapping: movers, the read path, the
 * classifier's sniffer and placement notices all use it, so a file is never written at one place and
 * announced at another. Keys are not validated here (storage's {@code Keys.check} does that where a
 * key is opened); the S3 key prefix is normalized as the S3 store normalizes it ({@link #s3Prefix}).
 */
public final class SiloLocations {
    private SiloLocations() {
    }

    /**
     * Whether {@code path} lies strictly below {@code mount}, i.e. names a file a silo mounted there
     * can hold (the mount itself is a directory, never a file of the silo). A mount may be given with
     * or without its trailing '/'; the root mount {@code /} covers every path but itself.
     */
    public static boolean covers(String mount, String path) {
        return LogicalPath.isUnder(path, mount) && !path.equals(mount) && !path.equals(withSlash(mount));
    }

    /**
     * The path below {@code mount}: '/'-separated, without a leading '/' ({@code /datasets/a/b.bin}
     * below {@code /datasets} is {@code a/b.bin}; below {@code /} it is {@code datasets/a/b.bin}).
     *
     * @throws IllegalArgumentException when {@code path} is not below {@code mount} (see {@link #covers})
     */
    public static String relative(String mount, String path) {
        if (!covers(mount, path)) {
            throw new IllegalArgumentException("path " + path + " is not below the mount " + mount);
        }
        return path.substring(withSlash(mount).length());
    }

    /**
     * An S3 silo's key prefix as every object key of the silo begins: empty for no prefix (null, blank
     * or {@code /}), otherwise without a leading '/' and with exactly the one trailing '/' it needs
     * ({@code /team/data}, {@code team/data} and {@code team/data/} are all {@code team/data/}).
     */
    public static String s3Prefix(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    /**
     * Where the file at logical {@code path} is on {@code silo}, for a client that opens it without
     * Meridian: on a POSIX silo the absolute file path (the silo's root joined with
     * {@link #relative}, e.g. {@code /srv/nvme/train/a.bin}); on an S3 silo
     * {@code s3://bucket/} + {@link #s3Prefix} + {@link #relative} (e.g.
     * {@code s3://lake/meridian/train/a.bin}), not percent-encoded, as the AWS CLI writes S3 URIs.
     * Empty when there is none: the path is not below the silo's mount, or the silo's config lacks
     * its root (POSIX) or bucket (S3).
     */
    public static Optional<String> uri(Silo silo, String path) {
        if (!covers(silo.getMount(), path)) {
            return Optional.empty();
        }
        String key = relative(silo.getMount(), path);
        return switch (silo.getKind()) {
            case POSIX -> present(silo.getRoot()).map(root -> withSlash(root) + key);
            case S3 -> present(silo.getBucket()).map(bucket -> "s3://" + bucket + "/" + s3Prefix(silo.getPrefix()) + key);
        };
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String withSlash(String directory) {
        return directory.endsWith("/") ? directory : directory + "/";
    }
}
