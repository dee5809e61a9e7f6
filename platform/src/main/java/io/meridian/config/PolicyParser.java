package io.meridian.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one parser of the policy shape, for the {@code policies:} list of meridian.yaml and for the
 * policy files of {@code meridian policy apply} and {@code POST /v1/policies}. Every error is a
 * {@link ConfigException} naming the source, line and field ({@code policies[1].when}); the
 * condition itself is checked by the {@link ConditionCheck} the caller supplies ({@link ConditionCheck#CEL},
 * the condition language's one type-check), and {@code place} against the silos the caller knows ({@link PlacementCheck}), so
 * that meridian.yaml, {@code policy apply} and {@code POST /v1/policies} refuse the same mistakes
 * with the same messages.
 */
public final class PolicyParser {
    private static final Set<String> FIELDS = Set.of("name", "when", "place", "copies", "exclusive", "priority", "pin");
    private static final Set<String> PLACE = Set.of("silos", "silo", "site", "tier", "labels");
    /** Longest pin: ten years keeps every pin end representable in epoch milliseconds with room to spare. */
    static final Duration MAX_PIN = Duration.ofDays(3650);

    private PolicyParser() {
    }

    /**
     * The policies of a policy document: a {@code policies:} list as in meridian.yaml, a bare list, or
     * one policy, checked by the same rules as meridian.yaml's list.
     *
     * @param known the silos the running system knows (from {@code meridian.silos}), against which
     *              {@code place} is checked; null checks only the shape, for a first pass before
     *              connecting to Kafka
     * @throws ConfigException naming the source, line and field of the first problem
     */
    public static List<PolicyConfig> parseDocument(String source, String text, ConditionCheck check, List<SiloFacts> known) {
        YamlTree tree = YamlTree.parse(source, text, "policies");
        ConfigNode root = ConfigNode.root(tree, source);
        JsonNode document = root.node();
        List<ConfigNode> nodes = new ArrayList<>();
        if (document.isObject() && root.has("policies")) {
            nodes = root.list("policies");
        } else if (document.isArray()) {
            for (int i = 0; i < document.size(); i++) {
                nodes.add(new ConfigNode(tree, source, document.get(i), "/" + i, "policies[" + i + "]"));
            }
        } else if (document.isObject() && document.size() > 0) {
            nodes.add(new ConfigNode(tree, source, document, "", "policies[0]"));
        }
        if (nodes.isEmpty()) {
            throw root.error("no policy found; write a 'policies:' list as in meridian.yaml");
        }
        return parseAll(nodes, known, check);
    }

    /** Parses a list of policies; {@code known} null means {@code place} is not checked against silos. */
    static List<PolicyConfig> parseAll(List<ConfigNode> nodes, List<SiloFacts> known, ConditionCheck check) {
        Set<String> names = new HashSet<>();
        List<PolicyConfig> policies = new ArrayList<>();
        for (ConfigNode node : nodes) {
            PolicyConfig policy = parse(node, known, check);
            if (!names.add(policy.name())) {
                throw node.child("name").error("duplicate policy name '" + policy.name() + "'");
            }
            policies.add(policy);
        }
        return policies;
    }

    static PolicyConfig parse(ConfigNode node, List<SiloFacts> known, ConditionCheck check) {
        node.requireObject().allowOnly(FIELDS);
        String name = node.requiredString("name");
        if (!name.matches("[a-z0-9][a-z0-9_.-]{0,127}")) {
            throw node.child("name").error("'" + name + "' is invalid; use lower-case letters, digits, '-', '_' or '.'");
        }
        String when = node.requiredString("when");
        String problem = check.problem(when);
        if (problem != null) {
            throw node.child("when").error(problem);
        }
        ConfigNode place = node.required("place", n -> n.requireObject().allowOnly(PLACE));
        List<String> siloIds = placeSilos(place, known);
        String site = place.optionalString("site").orElse(null);
        Tier tier = place.optional("tier", n -> SiloParser.enumValue(n, Tier.class)).orElse(null);
        Map<String, String> labels = place.stringMap("labels");
        if (siloIds.isEmpty() && site == null && tier == null && labels.isEmpty()) {
            throw place.error("must select silos: give silos, site, tier or labels");
        }
        if (known != null) {
            PlacementCheck.check(place, siloIds, site, tier, labels, known);
        }
        int copies = node.optional("copies", n -> ConfigLoader.range(n, 1, 16)).orElse(PolicyConfig.DEFAULT_COPIES);
        boolean exclusive = node.optional("exclusive", ConfigNode::booleanValue).orElse(false);
        int priority = node.optional("priority", n -> ConfigLoader.range(n, -1000, 1000)).orElse(PolicyConfig.DEFAULT_PRIORITY);
        Duration pin = node.optional("pin", PolicyParser::pin).orElse(null);
        return new PolicyConfig(name, when, siloIds, site, tier, labels, copies, exclusive, priority, pin);
    }

    private static List<String> placeSilos(ConfigNode place, List<SiloFacts> known) {
        List<String> ids = new ArrayList<>();
        if (place.has("silo")) {
            ids.add(PlacementCheck.siloId(place.child("silo"), known));
        }
        for (ConfigNode item : place.list("silos")) {
            ids.add(PlacementCheck.siloId(item, known));
        }
        return ids;
    }

    private static Duration pin(ConfigNode node) {
        Duration pin = duration(node);
        if (pin.isZero() || pin.compareTo(MAX_PIN) > 0) {
            throw node.error("must be more than 0 and at most " + MAX_PIN.toDays() + "d, e.g. 7d");
        }
        return pin;
    }

    private static Duration duration(ConfigNode node) {
        try {
            return DurationText.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
