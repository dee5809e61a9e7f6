package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meridian.config.DurationText;
import io.meridian.placement.policy.PolicyValidator;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A policy file for {@code meridian policy apply}: the same shape as the {@code policies:} list of
 * meridian.yaml — either that list under a {@code policies:} key, a bare list, or one policy. Every
 * error names the policy's position and the field, e.g. {@code policies[1].when: ...}.
 */
final class PolicyFile {
    private static final Set<String> FIELDS = Set.of("name", "when", "place", "copies", "exclusive", "priority", "pin");
    private static final Set<String> PLACE = Set.of("silos", "silo", "site", "tier", "labels");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PolicyFile() {
    }

    static List<Policy> read(Path file, Instant appliedAt) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, appliedAt);
    }

    /** Policies from YAML (or JSON) text: a 'policies:' list, a list, or one policy; {@code source} names it in errors. */
    static List<Policy> parse(String source, String text, Instant appliedAt) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        JsonNode list = root != null && root.has("policies") ? root.get("policies") : root;
        List<JsonNode> nodes = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(nodes::add);
        } else if (list != null && list.isObject()) {
            nodes.add(list);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no policy found; write a 'policies:' list as in meridian.yaml");
        }
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            policies.add(parse(source + ": policies[" + i + "].", nodes.get(i), appliedAt));
        }
        return policies;
    }

    private static Policy parse(String where, JsonNode node, Instant appliedAt) {
        allowOnly(where, node, FIELDS);
        JsonNode place = node.path("place");
        if (!place.isObject()) {
            throw new IllegalArgumentException(where + "place: is required (silos, site, tier or labels)");
        }
        allowOnly(where + "place.", place, PLACE);
        List<String> silos = new ArrayList<>();
        place.path("silos").forEach(s -> silos.add(s.asText()));
        if (place.has("silo")) {
            silos.add(place.get("silo").asText());
        }
        Map<String, String> labels = new TreeMap<>();
        place.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Policy policy = Policy.newBuilder()
                .setName(node.path("name").asText(null))
                .setWhen(node.path("when").asText(""))
                .setPlace(PlacementSelector.newBuilder().setSilos(silos).setSite(place.path("site").asText(null))
                        .setTier(tier(where, place)).setLabels(labels).build())
                .setCopies(node.path("copies").asInt(1))
                .setExclusive(node.path("exclusive").asBoolean(false))
                .setPriority(node.path("priority").asInt(0))
                .setPinMillis(node.has("pin") ? pin(where, node.get("pin").asText()) : null)
                .setUpdatedAt(appliedAt)
                .build();
        List<String> problems = PolicyValidator.problems(policy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(where + String.join("; " + where, problems));
        }
        return policy;
    }

    private static Tier tier(String where, JsonNode place) {
        if (!place.has("tier")) {
            return null;
        }
        String text = place.get("tier").asText();
        try {
            return Tier.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "place.tier: '" + text + "' is not one of archive, capacity, performance, nvme");
        }
    }

    private static long pin(String where, String text) {
        try {
            return DurationText.parse(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "pin: " + e.getMessage());
        }
    }

    private static void allowOnly(String where, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where.substring(0, where.length() - 1) + ": must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(where + field + ": unknown field; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
    }
}
