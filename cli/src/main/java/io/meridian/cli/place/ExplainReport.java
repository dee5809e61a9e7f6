package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints the answer of {@code GET /v1/explain/{path}} for a human: one section per question an
 * operator asks about a file.
 */
final class ExplainReport {
    private ExplainReport() {
    }

    static void print(PrintWriter out, JsonNode x) {
        out.println(x.path("path").asText() + " (record version " + x.path("recordVersion").asLong() + ")");
        out.println("Instances:");
        for (JsonNode i : x.path("instances")) {
            out.printf("  %-12s %-8s %d bytes, crc32c %s%n", i.path("silo").asText(), i.path("state").asText(),
                    i.path("size").asLong(), i.path("crc32c").isNull() ? "unknown" : i.path("crc32c").asText());
        }
        out.println("Policies:");
        if (x.path("policies").isEmpty()) {
            out.println("  none published");
        }
        x.path("policies").forEach(p -> out.printf("  %-24s priority %-4d %s%n", p.path("name").asText(),
                p.path("priority").asInt(), p.path("detail").asText()));
        out.println("Desired: " + list(x.path("desired")) + "   actual: " + list(x.path("actual")));
        out.println("Silos considered:");
        x.path("silos").forEach(v -> out.printf("  %-12s %s  %s%n", v.path("silo").asText(),
                v.path("chosen").asBoolean() ? "chosen  " : "rejected", v.path("reason").asText()));
        out.println("Pins: " + (x.path("pins").isEmpty() ? "none" : String.join(", ", strings(x.path("pins")))));
        out.println("Next: " + x.path("next").asText());
        if (x.path("inFlight").isEmpty()) {
            out.println("In flight: none");
        }
        x.path("inFlight").forEach(c -> out.printf("In flight: %s %s %s -> %s (%s, issued %s)%n",
                c.path("commandId").asText(), c.path("op").asText(), c.path("source").asText(),
                c.path("target").isNull() ? "-" : c.path("target").asText(), c.path("reason").asText(),
                c.path("issuedAt").asText()));
        JsonNode stuck = x.path("stuck");
        if (stuck.isObject()) {
            out.printf("STUCK since %s after %d attempts: %s%n", stuck.path("since").asText(), stuck.path("attempts").asInt(),
                    stuck.path("reason").asText());
        }
    }

    private static String list(JsonNode array) {
        return "[" + String.join(", ", strings(array)) + "]";
    }

    private static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
