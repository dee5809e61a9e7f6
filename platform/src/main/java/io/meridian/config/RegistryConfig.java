package io.meridian.config;

import java.util.Map;

/**
 * Where the schema registry is: {@code embedded} or the URL of a Confluent-compatible registry
 * (Confluent, Apicurio ccompat, Karapace, Redpanda), plus client properties with Confluent's names
 * ({@code basic.auth.user.info: ${env:REGISTRY_AUTH}}, {@code schema.registry.ssl.truststore.location}).
 */
public record RegistryConfig(String url, Map<String, String> properties) {
    public static final String EMBEDDED = "embedded";

    public RegistryConfig {
        properties = Map.copyOf(properties);
    }

    public boolean embedded() {
        return EMBEDDED.equals(url);
    }
}
