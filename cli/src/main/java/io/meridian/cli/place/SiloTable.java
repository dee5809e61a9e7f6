package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meridian.cli.api.TablePrinter;
import io.meridian.config.ByteSize;
import java.util.List;

/**
 * {@code meridian silo ls} as a table: one line per silo of {@code GET /v1/silos}, sorted by site then
 * id, with used/capacity as sizes and a percentage, and for a draining silo what is left to move.
 */
final class SiloTable {
    static final List<String> COLUMNS = List.of("SILO", "STATE", "SITE", "TIER", "KIND", "USED / CAPACITY", "FILES", "DRAINING");

    private SiloTable() {
    }

    static String render(List<JsonNode> silos) {
        List<JsonNode> rows = silos.stream()
                .sorted(java.util.Comparator.comparing((JsonNode s) -> s.path("site").asText()).thenComparing(s -> s.path("id").asText()))
                .map(SiloTable::row).toList();
        return TablePrinter.render(COLUMNS, rows);
    }

    private static JsonNode row(JsonNode silo) {
        ArrayNode row = JsonNodeFactory.instance.arrayNode();
        long used = silo.path("usedBytes").asLong();
        long capacity = silo.path("capacityBytes").asLong();
        boolean measured = silo.hasNonNull("measuredAt");
        row.add(silo.path("id").asText()).add(silo.path("state").asText()).add(silo.path("site").asText())
                .add(silo.path("tier").asText()).add(silo.path("kind").asText())
                .add(measured ? usage(used, capacity) : "not measured " + "/ " + ByteSize.format(capacity));
        row.add(silo.path("files").asLong());
        row.add("draining".equals(silo.path("state").asText())
                ? silo.path("files").asLong() + " files, " + ByteSize.format(used) + " left" : "");
        return row;
    }

    /** "1.5 GiB / 10 GiB (15%)". */
    static String usage(long used, long capacity) {
        String share = capacity <= 0 ? "" : String.format(java.util.Locale.ROOT, " (%d%%)", Math.round(100.0 * used / capacity));
        return ByteSize.format(used) + " / " + ByteSize.format(capacity) + share;
    }
}
