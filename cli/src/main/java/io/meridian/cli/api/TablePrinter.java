package io.meridian.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders rows as an aligned text table: numbers to the right, text to the left, NULL for nulls. */
public final class TablePrinter {
    private TablePrinter() {
    }

    public static String render(List<String> columns, List<JsonNode> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
        }
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < widths.length; i++) {
                String cell = cell(row.get(i));
                widths[i] = Math.max(widths[i], cell.length());
                line.add(cell);
            }
            cells.add(line);
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, columns, widths, null);
        appendRule(out, widths);
        for (int r = 0; r < cells.size(); r++) {
            appendLine(out, cells.get(r), widths, rows.get(r));
        }
        return out.toString();
    }

    /** One row alone, for push queries, whose widths are not known in advance. */
    public static String line(List<String> cells) {
        return String.join("  ", cells);
    }

    public static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "NULL";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths, JsonNode row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            boolean number = row != null && row.get(i) != null && row.get(i).isNumber();
            String format = "%" + (number ? "" : "-") + widths[i] + "s";
            line.append(i == 0 ? "" : "  ").append(String.format(format, cells.get(i)));
        }
        out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    private static void appendRule(StringBuilder out, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.append(System.lineSeparator());
    }
}
