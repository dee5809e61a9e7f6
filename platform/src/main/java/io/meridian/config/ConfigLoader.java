package io.meridian.config;

import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.namespace.TagNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads {@code meridian.yaml} into a {@link MeridianConfig}, validating every field. The first
 * problem found is thrown as a {@link ConfigException} whose one-line message names the file, the
 * line and the field. Relative POSIX roots are resolved against the file's directory.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("kafka", "schemaRegistry", "silos", "classification", "classificationDefaults", "policies", "http");
    private static final Set<String> KAFKA = Set.of("bootstrap", "properties", "partitions", "replicationFactor");
    private static final Set<String> REGISTRY = Set.of("url", "properties");
    private static final Pattern SECRET_KEYS = Pattern.compile("password|secret|jaas|user\\.info|token", Pattern.CASE_INSENSITIVE);

    private ConfigLoader() {
    }

    /** Reads and validates a config file, type-checking every condition ({@link ConditionCheck#CEL}). */
    public static MeridianConfig load(Path file) {
        return load(file, ConditionCheck.CEL);
    }

    /** Reads and validates a config file; {@code conditions} type-checks each rule's and policy's {@code when}. */
    public static MeridianConfig load(Path file, ConditionCheck conditions) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, "", "file not found; pass an existing file to --config, or run without it for the demo");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(file.getFileName().toString(), text, base, conditions);
    }

    /** Validates config text, type-checking every condition; {@code baseDir} resolves relative POSIX roots. */
    public static MeridianConfig parse(String source, String text, Path baseDir) {
        return parse(source, text, baseDir, ConditionCheck.CEL);
    }

    /** As {@link #parse(String, String, Path)}, with {@code conditions} type-checking each rule's and policy's {@code when}. */
    public static MeridianConfig parse(String source, String text, Path baseDir, ConditionCheck conditions) {
        YamlTree tree = YamlTree.parse(source, text);
        if (tree.empty()) {
            throw new ConfigException(source, 0, "", "config file " + source + " is empty; write at least a silos: list"
                    + " (README, 'Configuration reference'), or run without --config for the built-in demo");
        }
        ConfigNode root = ConfigNode.root(tree, source).allowOnly(TOP);
        KafkaConfig kafka = root.optional("kafka", ConfigLoader::kafka).orElse(KafkaConfig.embeddedDefaults());
        RegistryConfig registry = root.optional("schemaRegistry", ConfigLoader::registry)
                .orElse(new RegistryConfig(RegistryConfig.EMBEDDED, Map.of()));
        List<SiloConfig> silos = silos(root, baseDir);
        List<ClassificationRule> rules = mapEach(root.list("classification"), node -> rule(node, conditions));
        List<PolicyConfig> policies = PolicyParser.parseAll(root.list("policies"),
                silos.stream().map(SiloFacts::of).toList(), conditions);
        HttpConfig http = root.optional("http", HttpParser::parse).orElse(HttpConfig.defaults());
        boolean classificationDefaults = root.optional("classificationDefaults", ConfigNode::booleanValue).orElse(true);
        return new MeridianConfig(source, kafka, registry, silos, rules, policies, http, classificationDefaults);
    }

    private static KafkaConfig kafka(ConfigNode node) {
        node.allowOnly(KAFKA);
        String bootstrap = node.optionalString("bootstrap").orElse(KafkaConfig.EMBEDDED);
        if (!bootstrap.equals(KafkaConfig.EMBEDDED) && !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw node.child("bootstrap").error("expected 'embedded' or host:port[,host:port...], got '" + bootstrap + "'");
        }
        int partitions = node.optional("partitions", n -> range(n, 1, 10_000)).orElse(KafkaConfig.DEFAULT_PARTITIONS);
        short rf = node.optional("replicationFactor", n -> (short) range(n, 1, 32)).orElse(KafkaConfig.DEFAULT_REPLICATION_FACTOR);
        return new KafkaConfig(bootstrap, secretsByReference(node, node.stringMap("properties")), partitions, rf);
    }

    private static RegistryConfig registry(ConfigNode node) {
        node.allowOnly(REGISTRY);
        String url = node.optionalString("url").orElse(RegistryConfig.EMBEDDED);
        if (!url.equals(RegistryConfig.EMBEDDED) && !url.matches("https?://\\S+(,https?://\\S+)*")) {
            throw node.child("url").error("expected 'embedded' or an http(s):// URL, got '" + url + "'");
        }
        return new RegistryConfig(url, secretsByReference(node, node.stringMap("properties")));
    }

    /** Client properties that hold secrets must point at them (SecretRefs), never contain them. */
    private static Map<String, String> secretsByReference(ConfigNode node, Map<String, String> properties) {
        properties.forEach((key, value) -> {
            if (SECRET_KEYS.matcher(key).find() && !value.matches("\\$\\{(env|file):[^}]+}")) {
                throw node.child("properties").child(key).error("holds a secret and must not be inline; write ${env:NAME} or ${file:PATH}");
            }
        });
        return properties;
    }

    /** The silos, each with a unique id and storage no other silo shares (see {@link SiloOverlaps}). */
    private static List<SiloConfig> silos(ConfigNode root, Path baseDir) {
        List<SiloConfig> silos = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<ConfigNode> nodes = root.list("silos");
        for (ConfigNode node : nodes) {
            SiloConfig silo = SiloParser.parse(node, baseDir);
            String previous = seen.putIfAbsent(silo.id(), node.field());
            if (previous != null) {
                throw node.child("id").error("duplicate silo id '" + silo.id() + "' (already used by " + previous + ")");
            }
            for (int i = 0; i < silos.size(); i++) {
                SiloConfig other = silos.get(i);
                String otherField = nodes.get(i).field() + " (" + other.id() + ")";
                SiloOverlaps.conflict(silo, other, otherField).ifPresent(problem -> {
                    throw node.child(SiloOverlaps.conflictingField(silo)).error(problem);
                });
            }
            silos.add(silo);
        }
        return silos;
    }

    private static ClassificationRule rule(ConfigNode node, ConditionCheck conditions) {
        node.allowOnly(Set.of("name", "when", "tags"));
        String when = node.requiredString("when");
        String problem = conditions.ruleProblem(when);
        if (problem != null) {
            throw node.child("when").error(problem);
        }
        Map<String, String> tags = node.stringMap("tags");
        if (tags.isEmpty()) {
            throw node.child("tags").error("a rule needs at least one tag to set, e.g. tags: { format: parquet }");
        }
        tags.forEach((key, value) -> checkTag(node.child("tags").child(key), key, value));
        String name = node.optionalString("name").orElse("rule-" + node.field().replaceAll("\\D", ""));
        return new ClassificationRule(name, when, tags);
    }

    private static void checkTag(ConfigNode node, String key, String value) {
        try {
            TagNames.checkKey(key);
            TagNames.checkValue(key, value);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    static int range(ConfigNode node, long min, long max) {
        long value = node.longValue();
        if (value < min || value > max) {
            throw node.error("must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    static String mount(ConfigNode node) {
        String mount = node.text();
        try {
            return mount.equals("/") ? mount : LogicalPath.file(mount);
        } catch (PathRejectedException e) {
            throw node.error("must be an absolute namespace path such as /datasets: " + e.reason());
        }
    }

    static <T> List<T> mapEach(List<ConfigNode> nodes, Function<ConfigNode, T> parse) {
        List<T> out = new ArrayList<>();
        nodes.forEach(n -> out.add(parse.apply(n)));
        return out;
    }
}
