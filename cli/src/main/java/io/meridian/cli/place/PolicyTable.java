package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meridian.cli.api.TablePrinter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code meridian policy ls} as a table of the policies of {@code GET /v1/policies}, highest priority
 * first, then by name: NAME, WHEN, PLACE (the selector in one phrase: {@code silos a,b}, {@code site x},
 * {@code tier y}, {@code labels k=v}; "any silo" when empty), COPIES, EXCLUSIVE (yes or empty), PIN
 * (how long placed copies are kept, empty for none) and PRIORITY. No NULLs: what is not set is blank.
 */
final class PolicyTable {
    static final List<String> COLUMNS = List.of("NAME", "WHEN", "PLACE", "COPIES", "EXCLUSIVE", "PIN", "PRIORITY");

    private PolicyTable() {
    }

    static String render(List<JsonNode> policies) {
        List<JsonNode> rows = policies.stream()
                .sorted(Comparator.comparingInt((JsonNode p) -> -p.path("priority").asInt())
                        .thenComparing(p -> p.path("name").asText()))
                .map(PolicyTable::row).toList();
        return TablePrinter.render(COLUMNS, rows);
    }

    private static JsonNode row(JsonNode policy) {
        ArrayNode row = JsonNodeFactory.instance.arrayNode();
        row.add(policy.path("name").asText()).add(policy.path("when").asText()).add(place(policy.path("place")));
        row.add(policy.path("copies").asInt(1));
        row.add(policy.path("exclusive").asBoolean() ? "yes" : "");
        row.add(policy.hasNonNull("pinMillis") ? pin(policy.get("pinMillis").asLong()) : "");
        row.add(policy.path("priority").asInt());
        return row;
    }

    static String place(JsonNode place) {
        List<String> parts = new ArrayList<>();
        List<String> silos = new ArrayList<>();
        place.path("silos").forEach(s -> silos.add(s.asText()));
        if (!silos.isEmpty()) {
            parts.add("silos " + String.join(",", silos));
        }
        if (place.hasNonNull("site")) {
            parts.add("site " + place.get("site").asText());
        }
        if (place.hasNonNull("tier")) {
            parts.add("tier " + place.get("tier").asText().toLowerCase(java.util.Locale.ROOT));
        }
        List<String> labels = new ArrayList<>();
        place.path("labels").fields().forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
        if (!labels.isEmpty()) {
            parts.add("labels " + String.join(",", labels));
        }
        return parts.isEmpty() ? "any silo" : String.join(" ", parts);
    }

    /** A pin as the largest whole unit: 7d, 12h, 30m, 45s (or ms). */
    static String pin(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (millis % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (millis % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        return millis % 1000 == 0 ? d.toSeconds() + "s" : millis + "ms";
    }
}
