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
        List<PolicyConfig> policies) {

    public MeridianConfig {
        silos = List.copyOf(silos);
        classification = List.copyOf(classification);
        policies = List.copyOf(policies);
    }

    public Optional<SiloConfig> silo(String id) {
        return silos.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Whether any part runs on the embedded components that {@code meridian up} starts. */
    public boolean usesEmbedded() {
        return kafka.embedded() || schemaRegistry.embedded()
                || silos.stream().anyMatch(s -> "embedded".equals(s.endpoint()));
    }
}
