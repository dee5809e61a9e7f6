package io.meridian.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in binary units ({@code 500GiB}, {@code 1.5TiB}, {@code 4096}). Decimal units such as
 * {@code 50GB} are refused rather than guessed: storage vendors and operating systems disagree on
 * what they mean, and a capacity off by 7% overfills a fast tier.
 */
public final class ByteSize {
    /** The accepted units, smallest first. */
    public static final String UNITS = "B, KiB, MiB, GiB, TiB, PiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String[] DECIMAL = {"", "KB", "MB", "GB", "TB", "PB"};

    private ByteSize() {
    }

    /** Parses a size; throws {@link IllegalArgumentException} with a corrected example when it is not one. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write a number and a unit (" + UNITS + "), e.g. 500GiB");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2);
        for (int i = 0; i < BINARY.length; i++) {
            if (unit.equals(BINARY[i]) || (i == 0 && unit.isEmpty())) {
                BigDecimal bytes = number.multiply(BigDecimal.valueOf(1L << (10 * i)));
                if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                    throw new IllegalArgumentException("'" + text + "' is too large");
                }
                return bytes.longValue();
            }
        }
        for (int i = 1; i < DECIMAL.length; i++) {
            if (unit.equalsIgnoreCase(DECIMAL[i])) {
                throw new IllegalArgumentException("'" + text + "' uses a decimal unit; write binary units, e.g. "
                        + m.group(1) + BINARY[i] + " (" + UNITS + ")");
            }
        }
        throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "'; use one of " + UNITS);
    }

    /** Formats bytes with the largest binary unit that keeps a whole or one-decimal number. */
    public static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + "B";
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + BINARY[unit];
    }
}
