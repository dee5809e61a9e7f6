package io.meridian.config;

/**
 * A configuration error, located: its one-line message names the file, the line and the field,
 * and says what is expected. Nothing starts when one is thrown.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final int line;
    private final String field;

    public ConfigException(String source, int line, String field, String problem) {
        super(format(source, line, field, problem));
        this.source = source;
        this.line = line;
        this.field = field;
    }

    private static String format(String source, int line, String field, String problem) {
        String where = line > 0 ? source + ":" + line : source;
        return field.isEmpty() ? where + ": " + problem : where + ": " + field + ": " + problem;
    }

    /** The file name (or "meridian.yaml" for built-in text). */
    public String source() {
        return source;
    }

    /** 1-based line of the offending value; 0 when the field is missing from its parent at no line. */
    public int line() {
        return line;
    }

    /** Dotted field path such as {@code silos[1].capacity}. */
    public String field() {
        return field;
    }
}
