package io.meridian.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole of {@code meridian.yaml}, validated. Built by {@link ConfigLoader}; immutable.
 *
 * @param source where it came from (a file name, or "demo" for the built-in demo)
 * @param classificationDefaults whether the classifier's built-in auto-tags (format, modality, size_class)
 *                               apply; {@code classificationDefaults: false} turns them off
 */
public record MeridianConfig(
        String source,
        KafkaConfig kafka,
        RegistryConfig schemaRegistry,
        List<SiloConfig> silos,
        List<ClassificationRule> classification,
        List<PolicyConfig> policies,
        HttpConfig http,
        boolean classificationDefaults) {

    public MeridianConfig {
        silos = List.copyOf(silos);
        classification = List.copyOf(classification);
        policies = List.copyOf(policies);
        http = http == null ? HttpConfig.defaults() : http;
    }

    /** A config with the built-in classification defaults on ({@code classificationDefaults: true}). */
    public MeridianConfig(String source, KafkaConfig kafka, RegistryConfig schemaRegistry, List<SiloConfig> silos,
                          List<ClassificationRule> classification, List<PolicyConfig> policies, HttpConfig http) {
        this(source, kafka, schemaRegistry, silos, classification, policies, http, true);
    }

    /** A config with the default {@code http:} section (loopback, port 18080, no tokens). */
    public MeridianConfig(String source, KafkaConfig kafka, RegistryConfig schemaRegistry, List<SiloConfig> silos,
                          List<ClassificationRule> classification, List<PolicyConfig> policies) {
        this(source, kafka, schemaRegistry, silos, classification, policies, HttpConfig.defaults());
    }

    /** The same config with another {@code http:} section (e.g. a free port for tests). */
    public MeridianConfig withHttp(HttpConfig newHttp) {
        return new MeridianConfig(source, kafka, schemaRegistry, silos, classification, policies, newHttp,
                classificationDefaults);
    }

    public Optional<SiloConfig> silo(String id) {
        return silos.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
