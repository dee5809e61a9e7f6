package io.meridian.namespace;

import java.util.regex.Pattern;

/**
 * What a tag may look like, checked at every edge that accepts tags (config rules, CLI, HTTP).
 * Keys are short identifiers so they work unquoted in CEL ({@code tags.stage}) and in SQL
 * ({@code tags['stage']}); values are printable text.
 */
public final class TagNames {
    public static final int MAX_KEY_LENGTH = 63;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*");

    private TagNames() {
    }

    /** Throws {@link IllegalArgumentException} saying what a key must look like. */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("tag key '" + key + "' is invalid: use 1-" + MAX_KEY_LENGTH
                    + " lower-case letters, digits, '_', '.' or '-', starting with a letter (e.g. stage, data.format)");
        }
        return key;
    }

    /** Throws {@link IllegalArgumentException} saying what a value must look like. */
    public static String checkValue(String key, String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("tag '" + key + "' value is invalid: use at most " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("tag '" + key + "' value contains a control character; use printable text");
            }
        }
        return value;
    }
}
