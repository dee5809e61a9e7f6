package io.meridian.query.sql;

import java.util.Set;

/**
 * Lets columns whose names are reserved words in Calcite's SQL dialect ({@code free}) be written
 * without quotes, as in {@code SELECT silo, used, free FROM silos}: such words are quoted outside
 * string literals, quoted identifiers and comments before the query is parsed. Positions in error
 * messages after such a word are off by the two added quotes.
 */
final class ReservedColumns {
    static final Set<String> WORDS = Set.of("free");

    private ReservedColumns() {
    }

    static String quote(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = closing(sql, i, c);
            } else if (c == '-' && sql.startsWith("--", i)) {
                end = lineEnd(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                end = wordEnd(sql, i);
                String word = sql.substring(i, end);
                boolean qualified = i > 0 && sql.charAt(i - 1) == '.';
                boolean call = end < sql.length() && sql.charAt(end) == '(';
                if (WORDS.contains(word.toLowerCase()) && !call || qualified && WORDS.contains(word.toLowerCase())) {
                    out.append('"').append(word.toLowerCase()).append('"');
                    i = end;
                    continue;
                }
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote inside the literal
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int lineEnd(String sql, int start) {
        int newline = sql.indexOf('\n', start);
        return newline < 0 ? sql.length() : newline;
    }

    private static int wordEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i;
    }
}
