package io.meridian.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} in client property values, so that
 * passwords and keys come from the environment or a file and never sit in {@code meridian.yaml},
 * a topic or a log. Errors name the reference, never the value.
 */
public final class SecretRefs {
    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final UnaryOperator<String> env;

    public SecretRefs(UnaryOperator<String> env) {
        this.env = env;
    }

    public static SecretRefs fromSystem() {
        return new SecretRefs(System::getenv);
    }

    /** Returns the properties with every reference replaced by what it points at. */
    public Map<String, String> resolve(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((key, value) -> out.put(key, resolveValue(key, value)));
        return out;
    }

    private String resolveValue(String key, String value) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = m.group(1).equals("env") ? fromEnv(key, m.group(2)) : fromFile(key, m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromEnv(String key, String name) {
        String value = env.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("property " + key + " refers to ${env:" + name + "}, but " + name
                    + " is not set in the environment");
        }
        return value;
    }

    private static String fromFile(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("property " + key + " refers to ${file:" + file + "}, which cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }
}
