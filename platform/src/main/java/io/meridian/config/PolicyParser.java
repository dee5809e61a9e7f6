package io.meridian.config;

import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates the {@code policies:} list against the configured silos. */
final class PolicyParser {
    private static final Set<String> FIELDS = Set.of("name", "when", "place", "copies", "exclusive", "priority", "pin");
    private static final Set<String> PLACE = Set.of("silos", "silo", "site", "tier", "labels");

    private PolicyParser() {
    }

    static List<PolicyConfig> parseAll(List<ConfigNode> nodes, List<SiloConfig> silos) {
        Set<String> names = new HashSet<>();
        List<PolicyConfig> policies = new ArrayList<>();
        for (ConfigNode node : nodes) {
            PolicyConfig policy = parse(node, silos);
            if (!names.add(policy.name())) {
                throw node.child("name").error("duplicate policy name '" + policy.name() + "'");
            }
            policies.add(policy);
        }
        return policies;
    }

    static PolicyConfig parse(ConfigNode node, List<SiloConfig> silos) {
        node.requireObject().allowOnly(FIELDS);
        String name = node.requiredString("name");
        if (!name.matches("[a-z0-9][a-z0-9_.-]{0,127}")) {
            throw node.child("name").error("'" + name + "' is invalid; use lower-case letters, digits, '-', '_' or '.'");
        }
        String when = node.requiredString("when");
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
            if (silos.stream().noneMatch(s -> s.id().equals(id))) {
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
