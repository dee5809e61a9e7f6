package io.meridian.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole of {@code meridian.yaml}, validated. Built by {@link ConfigLoader}; immutable.
 *
 * @param source where it came from (a file name, or "demo" for the built-in demo)
 */
public record MeridianConfig(
        String source,
        KafkaConfig kafka,
        RegistryConfig schemaRegistry,
        List<SiloConfig> silos,
        List<ClassificationRule> classification,
        List<PolicyConfig> policies,
        HttpConfig http) {

    public MeridianConfig {
        silos = List.copyOf(silos);
        classification = List.copyOf(classification);
        policies = List.copyOf(policies);
        http = http == null ? HttpConfig.defaults() : http;
    }

    /** A config with the default {@code http:} section (loopback, port 18080, no tokens). */
    public MeridianConfig(String source, KafkaConfig kafka, RegistryConfig schemaRegistry, List<SiloConfig> silos,
                          List<ClassificationRule> classification, List<PolicyConfig> policies) {
        this(source, kafka, schemaRegistry, silos, classification, policies, HttpConfig.defaults());
    }

    public Optional<SiloConfig> silo(String id) {
        return silos.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
