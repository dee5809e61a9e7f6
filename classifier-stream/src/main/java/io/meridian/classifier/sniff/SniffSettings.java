package io.meridian.classifier.sniff;

import io.meridian.config.ByteSize;
import java.util.function.UnaryOperator;

/**
 * Bounds of content sniffing: how many first bytes of a file are read, and how many files and bytes
 * a second the sniffer may read from the silos at most (token buckets, with a burst of one second's
 * worth). Defaults suit a shared NAS: a few hundred tiny reads a second.
 *
 * @param maxBytes        first bytes read per file (at least {@value MagicBytes#NEEDED}, which every format check needs)
 * @param filesPerSecond  files read per second at most
 * @param bytesPerSecond  bytes read per second at most
 */
public record SniffSettings(int maxBytes, double filesPerSecond, double bytesPerSecond) {
    public static final int DEFAULT_MAX_BYTES = 64;
    public static final double DEFAULT_FILES_PER_SECOND = 200;
    public static final double DEFAULT_BYTES_PER_SECOND = 64 * 1024;
    public static final String ENV_MAX_BYTES = "MERIDIAN_SNIFF_BYTES";
    public static final String ENV_FILES_PER_SECOND = "MERIDIAN_SNIFF_FILES_PER_SECOND";
    public static final String ENV_BYTES_PER_SECOND = "MERIDIAN_SNIFF_BYTES_PER_SECOND";
    /** No file read may be larger than this, whatever the environment says. */
    private static final int MAX_BYTES_LIMIT = 64 * 1024;

    public SniffSettings {
        if (maxBytes < MagicBytes.NEEDED || maxBytes > MAX_BYTES_LIMIT) {
            throw new IllegalArgumentException(ENV_MAX_BYTES + " must be between " + MagicBytes.NEEDED + " and "
                    + MAX_BYTES_LIMIT + " bytes, got " + maxBytes);
        }
        if (filesPerSecond <= 0 || bytesPerSecond < maxBytes) {
            throw new IllegalArgumentException("sniffing needs a positive " + ENV_FILES_PER_SECOND + " and "
                    + ENV_BYTES_PER_SECOND + " of at least " + ENV_MAX_BYTES + " (" + maxBytes + "), got "
                    + filesPerSecond + " and " + bytesPerSecond);
        }
    }

    public static SniffSettings defaults() {
        return new SniffSettings(DEFAULT_MAX_BYTES, DEFAULT_FILES_PER_SECOND, DEFAULT_BYTES_PER_SECOND);
    }

    /**
     * Defaults, overridden by {@value #ENV_MAX_BYTES} (a size, e.g. 64 or 1KiB), {@value #ENV_FILES_PER_SECOND}
     * (a number) and {@value #ENV_BYTES_PER_SECOND} (a size per second, e.g. 1MiB).
     */
    public static SniffSettings fromEnvironment(UnaryOperator<String> env) {
        int maxBytes = (int) Math.min(MAX_BYTES_LIMIT + 1L, size(env, ENV_MAX_BYTES, DEFAULT_MAX_BYTES));
        return new SniffSettings(maxBytes, number(env, ENV_FILES_PER_SECOND, DEFAULT_FILES_PER_SECOND),
                size(env, ENV_BYTES_PER_SECOND, (long) DEFAULT_BYTES_PER_SECOND));
    }

    private static long size(UnaryOperator<String> env, String name, long fallback) {
        String text = env.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return ByteSize.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a size such as 64 or 1MiB, got '" + text + "'", e);
        }
    }

    private static double number(UnaryOperator<String> env, String name, double fallback) {
        String text = env.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + text + "'", e);
        }
    }
}
