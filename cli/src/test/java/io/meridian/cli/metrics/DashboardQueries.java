package io.meridian.cli.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL expressions of the Grafana dashboard under {@code deploy/grafana/}, and the metric names they query. */
final class DashboardQueries {
    /** The dashboard, from the cli module's directory (where surefire runs). */
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "meridian-dashboard.json");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private DashboardQueries() {
    }

    /** Every {@code expr} of every target of every panel, rows' nested panels included. */
    static List<String> expressions(Path dashboard) throws IOException {
        List<String> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(dashboard.toFile()).path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> {
                if (target.hasNonNull("expr")) {
                    out.add(target.get("expr").asText());
                }
            });
            collect(panel.path("panels"), out);
        }
    }

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions (followed by
     * '('), keywords, label names of {@code by}/{@code without}/{@code on} groupings, or inside label
     * matchers, strings, or range and offset durations.
     */
    static Set<String> metricNames(String expr) {
        String stripped = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")              // strings
                .replaceAll("\\{[^}]*}", "")                                   // label matchers
                .replaceAll("\\[[^]]*]", "")                                   // ranges, subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // groupings
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
            boolean partOfNumber = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            if (!function && !partOfNumber && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}
