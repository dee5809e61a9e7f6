package io.meridian.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One located value of the YAML tree, with typed accessors that fail with a {@link ConfigException}
 * naming the field (as {@code silos[1].capacity}) and its line.
 */
final class ConfigNode {
    private final YamlTree tree;
    private final String source;
    private final JsonNode node;
    private final String pointer;
    private final String field;

    ConfigNode(YamlTree tree, String source, JsonNode node, String pointer, String field) {
        this.tree = tree;
        this.source = source;
        this.node = node;
        this.pointer = pointer;
        this.field = field;
    }

    static ConfigNode root(YamlTree tree, String source) {
        return new ConfigNode(tree, source, tree.root(), "", "");
    }

    String field() {
        return field;
    }

    JsonNode node() {
        return node;
    }

    /** An error about this value. */
    ConfigException error(String problem) {
        return new ConfigException(source, tree.lineOf(pointer), field, problem);
    }

    /** Refuses keys other than the given ones, suggesting the nearest allowed name. */
    ConfigNode allowOnly(Set<String> allowed) {
        requireObject();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = nearest(name, allowed).map(s -> "; did you mean '" + s + "'?").orElse("");
                throw child(name).error("unknown field" + hint + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    boolean has(String name) {
        return node.isObject() && node.has(name) && !node.get(name).isNull();
    }

    ConfigNode child(String name) {
        JsonNode value = node.isObject() ? node.get(name) : null;
        String childField = field.isEmpty() ? name : field + "." + name;
        return new ConfigNode(tree, source, value, pointer + "/" + name, childField);
    }

    String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalString(String name) {
        requireObject();
        ConfigNode value = child(name);
        if (!has(name)) {
            return Optional.empty();
        }
        if (!value.node.isValueNode() || value.node.isBoolean()) {
            throw value.error("expected a text value");
        }
        String text = value.node.asText().trim();
        if (text.isEmpty()) {
            throw value.error("must not be empty");
        }
        return Optional.of(text);
    }

    <T> T required(String name, Function<ConfigNode, T> parse) {
        if (!has(name)) {
            throw missing(name);
        }
        return parse.apply(child(name));
    }

    <T> Optional<T> optional(String name, Function<ConfigNode, T> parse) {
        return has(name) ? Optional.of(parse.apply(child(name))) : Optional.empty();
    }

    String text() {
        if (!node.isValueNode() || node.isNull()) {
            throw error("expected a text value");
        }
        return node.asText().trim();
    }

    long longValue() {
        if (!node.isIntegralNumber()) {
            throw error("expected a whole number, got '" + node.asText() + "'");
        }
        return node.asLong();
    }

    double doubleValue() {
        if (!node.isNumber()) {
            throw error("expected a number, got '" + node.asText() + "'");
        }
        return node.asDouble();
    }

    boolean booleanValue() {
        if (!node.isBoolean()) {
            throw error("expected true or false, got '" + node.asText() + "'");
        }
        return node.asBoolean();
    }

    /** The elements of a list; an absent list is empty. */
    List<ConfigNode> list(String name) {
        requireObject();
        List<ConfigNode> items = new ArrayList<>();
        if (!has(name)) {
            return items;
        }
        ConfigNode list = child(name);
        if (!list.node.isArray()) {
            throw list.error("expected a list (lines starting with '- ')");
        }
        for (int i = 0; i < list.node.size(); i++) {
            items.add(new ConfigNode(tree, source, list.node.get(i), list.pointer + "/" + i, list.field + "[" + i + "]"));
        }
        return items;
    }

    /** A map of text values; an absent map is empty. */
    Map<String, String> stringMap(String name) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!has(name)) {
            return map;
        }
        ConfigNode object = child(name).requireObject();
        for (Iterator<String> names = object.node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            map.put(key, object.child(key).text());
        }
        return map;
    }

    ConfigNode requireObject() {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw error("expected a mapping of 'key: value' lines");
        }
        return this;
    }

    private ConfigException missing(String name) {
        return new ConfigException(source, tree.lineOf(pointer), field.isEmpty() ? name : field + "." + name,
                "is required");
    }

    private static Optional<String> nearest(String name, Set<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int d = distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
