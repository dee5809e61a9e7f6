package io.meridian.config;

import java.util.Map;

/** A classification rule: when the CEL expression holds for a file, it gets these auto-tags. */
public record ClassificationRule(String name, String when, Map<String, String> tags) {
    public ClassificationRule {
        tags = Map.copyOf(tags);
    }
}
