package io.meridian.query.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header ({@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n}), clamped to the content size. Several ranges in one header are not served:
 * the whole content is (allowed by RFC 9110, which lets a server ignore Range). Positions past the
 * end, however many digits they have, are read as RFC 9110 14.1.2 says: a last position or a suffix
 * beyond the content means up to its end; a first position beyond it is unsatisfiable (416).
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
record ByteRange(long start, long end) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return end - start + 1;
    }

    /**
     * The range a header asks for; empty for no header or one that is not a single range.
     *
     * @throws UnsatisfiableRangeException when the range lies outside the content
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = position(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new UnsatisfiableRangeException();
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = position(m.group(1));
        long end = m.group(2).isEmpty() ? size - 1 : Math.min(position(m.group(2)), size - 1);
        if (start >= size || end < start) {
            throw new UnsatisfiableRangeException();
        }
        return Optional.of(new ByteRange(start, end));
    }

    /**
     * A position of the header; one too large for a long is {@link Long#MAX_VALUE}, which lies past
     * the end of any content, as the number itself does (RFC 9110 14.1.2 puts no bound on digits).
     */
    private static long position(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** The range cannot be served; the answer is 416 with the content size. */
    static final class UnsatisfiableRangeException extends RuntimeException {
        UnsatisfiableRangeException() {
            super("range not satisfiable", null, false, false);
        }
    }
}
