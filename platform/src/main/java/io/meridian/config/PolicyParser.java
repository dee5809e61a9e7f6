package io.meridian.config;

import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one parser of the policy shape, for the {@code policies:} list of meridian.yaml and for the
 * policy files of {@code meridian policy apply} and {@code POST /v1/policies}. Every error is a
 * {@link ConfigException} naming the source, line and field ({@code policies[1].when}); the
 * condition itself is checked by the {@link ConditionCheck} the caller supplies.
 */
public final class PolicyParser {
    private static final Set<String> FIELDS = Set.of("name", "when", "place", "copies", "exclusive", "priority", "pin");
    private static final Set<String> PLACE = Set.of("silos", "silo", "site", "tier", "labels");

    private PolicyParser() {
    }

    /**
     * The policies of a policy document: a {@code policies:} list as in meridian.yaml, a bare list, or
     * one policy. Silo ids are not checked against a config here: the silos live on meridian.silos, and
     * a policy naming an unknown silo simply selects nothing until it exists.
     *
     * @throws ConfigException naming the source, line and field of the first problem
     */
    public static List<PolicyConfig> parseDocument(String source, String text, ConditionCheck check) {
        YamlTree tree = YamlTree.parse(source, text);
        ConfigNode root = ConfigNode.root(tree, source);
        List<ConfigNode> nodes;
        if (root.node() != null && root.node().isObject() && root.has("policies")) {
            nodes = root.list("policies");
        } else if (root.node() != null && root.node().isArray()) {
            nodes = new ArrayList<>();
            for (int i = 0; i < root.node().size(); i++) {
                nodes.add(new ConfigNode(tree, source, root.node().get(i), "/" + i, "policies[" + i + "]"));
            }
        } else if (root.node() != null && root.node().isObject() && root.node().size() > 0) {
            nodes = List.of(new ConfigNode(tree, source, root.node(), "", "policies[0]"));
        } else {
            nodes = List.of();
        }
        if (nodes.isEmpty()) {
            throw root.error("no policy found; write a 'policies:' list as in meridian.yaml");
        }
        return parseAll(nodes, null, check);
    }

    /** Parses a list of policies; {@code silos} null means silo ids are not checked. */
    static List<PolicyConfig> parseAll(List<ConfigNode> nodes, List<SiloConfig> silos, ConditionCheck check) {
        Set<String> names = new HashSet<>();
        List<PolicyConfig> policies = new ArrayList<>();
        for (ConfigNode node : nodes) {
            PolicyConfig policy = parse(node, silos, check);
            if (!names.add(policy.name())) {
                throw node.child("name").error("duplicate policy name '" + policy.name() + "'");
            }
            policies.add(policy);
        }
        return policies;
    }

    static PolicyConfig parse(ConfigNode node, List<SiloConfig> silos, ConditionCheck check) {
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
        List<String> siloIds = placeSilos(place, silos);
        String site = place.optionalString("site").orElse(null);
        Tier tier = place.optional("tier", n -> SiloParser.enumValue(n, Tier.class)).orElse(null);
        if (siloIds.isEmpty() && site == null && tier == null && !place.has("labels")) {
            throw place.error("must select silos: give silos, site, tier or labels");
        }
        int copies = node.optional("copies", n -> ConfigLoader.range(n, 1, 16)).orElse(PolicyConfig.DEFAULT_COPIES);
        boolean exclusive = node.optional("exclusive", ConfigNode::booleanValue).orElse(false);
        int priority = node.optional("priority", n -> ConfigLoader.range(n, -1000, 1000)).orElse(PolicyConfig.DEFAULT_PRIORITY);
        Duration pin = node.optional("pin", PolicyParser::duration).orElse(null);
        return new PolicyConfig(name, when, siloIds, site, tier, place.stringMap("labels"), copies, exclusive, priority, pin);
    }

    private static List<String> placeSilos(ConfigNode place, List<SiloConfig> silos) {
        List<String> ids = new ArrayList<>();
        place.optionalString("silo").ifPresent(ids::add);
        for (ConfigNode item : place.list("silos")) {
            ids.add(item.text());
        }
        for (String id : ids) {
            if (silos != null && silos.stream().noneMatch(s -> s.id().equals(id))) {
                String known = String.join(", ", silos.stream().map(SiloConfig::id).toList());
                throw place.error("unknown silo '" + id + "' (configured: " + (known.isEmpty() ? "none" : known) + ")");
            }
        }
        return ids;
    }

    private static Duration duration(ConfigNode node) {
        try {
            return DurationText.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
