package io.meridian.config;

import io.meridian.schemas.SiloKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} in client property values, so that
 * passwords and keys come from the environment or a file and never sit in {@code meridian.yaml},
 * a topic or a log. Errors name the field and the reference, never the value.
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

    /**
     * Returns the properties with every reference replaced by what it points at.
     *
     * @throws IllegalArgumentException naming the property and the reference that does not resolve
     */
    public Map<String, String> resolve(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((key, value) -> out.put(key, resolveValue(value, problem -> new IllegalArgumentException(key + " " + problem))));
        return out;
    }

    /**
     * Resolves every secret reference of a config that is not the HTTP server's, once, so that a missing
     * one is reported before anything starts: {@code kafka.properties}, {@code schemaRegistry.properties},
     * and the {@code credentials} of every S3 silo that is not on the embedded endpoint
     * ({@code env:NAME} needs NAME_ACCESS_KEY and NAME_SECRET_KEY; {@code file:PATH} a readable file with
     * accessKey and secretKey). HTTP tokens are resolved by {@code HttpApi.checkTokens}.
     *
     * @throws ConfigException naming the config, the first field that does not resolve and what to set
     */
    public void check(MeridianConfig config) {
        checkProperties(config.source(), "kafka.properties", config.kafka().properties());
        checkProperties(config.source(), "schemaRegistry.properties", config.schemaRegistry().properties());
        for (int i = 0; i < config.silos().size(); i++) {
            SiloConfig silo = config.silos().get(i);
            if (silo.kind() == SiloKind.S3 && !"embedded".equals(silo.endpoint())) {
                try {
                    S3Endpoint.forSilo(silo, null, env);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(config.source(), 0, "silos[" + i + "].credentials", e.getMessage());
                }
            }
        }
    }

    private void checkProperties(String source, String section, Map<String, String> properties) {
        properties.forEach((key, value) -> resolveValue(value, problem -> new ConfigException(source, 0, section + "." + key, problem)));
    }

    private String resolveValue(String value, Function<String, RuntimeException> unresolved) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = m.group(1).equals("env") ? fromEnv(m.group(2), unresolved) : fromFile(m.group(2), unresolved);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fromEnv(String name, Function<String, RuntimeException> unresolved) {
        String value = env.apply(name);
        if (value == null) {
            throw unresolved.apply("refers to ${env:" + name + "}, but " + name + " is not set in the environment; set it"
                    + " (export " + name + "=...) before starting, or change the reference");
        }
        return value;
    }

    private static String fromFile(String file, Function<String, RuntimeException> unresolved) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw unresolved.apply("refers to ${file:" + file + "}, which cannot be read (" + e.getClass().getSimpleName()
                    + "); create it, readable by this user, or change the reference");
        }
    }
}
