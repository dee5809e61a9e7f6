package io.meridian.query.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * Readable names for result columns the query did not name: Calcite labels them {@code EXPR$n};
 * here such a column is named after its select item, a function call by the function
 * ({@code count(*)} is {@code count}, {@code max(size)} is {@code max}), a cast by what it casts,
 * a literal {@code value}, and anything else (an operator such as {@code size / 1024}) {@code expr}.
 * A name already taken by another column gets {@code _2}, {@code _3}, ... Columns the query named
 * keep their names. Only the outermost SELECT is looked at (of a UNION, its first branch, whose
 * names the result takes); when its items cannot be matched to columns (more than one {@code *}),
 * the labels stay as they are.
 */
final class ColumnNames {
    private static final Pattern UNNAMED = Pattern.compile("EXPR\\$\\d+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ColumnNames() {
    }

    /** {@code labels} (Calcite's, in order) with every {@code EXPR$n} replaced by a readable name derived from {@code sql}. */
    static List<String> readable(String sql, List<String> labels) {
        if (labels.stream().noneMatch(l -> UNNAMED.matcher(l).matches())) {
            return labels;
        }
        List<SqlNode> items = outerSelectItems(sql);
        if (items == null) {
            return labels;
        }
        List<SqlNode> byColumn = byColumn(items, labels.size());
        if (byColumn == null) {
            return labels;
        }
        Set<String> taken = new HashSet<>();
        for (String label : labels) {
            if (!UNNAMED.matcher(label).matches()) {
                taken.add(label.toLowerCase(Locale.ROOT));
            }
        }
        List<String> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            out.add(UNNAMED.matcher(label).matches() && byColumn.get(i) != null ? unique(name(byColumn.get(i)), taken) : label);
        }
        return out;
    }

    private static List<SqlNode> outerSelectItems(String sql) {
        SqlNode node;
        try {
            node = SqlParser.create(sql, SqlGate.PARSER).parseQuery();
        } catch (SqlParseException e) {
            return null;
        }
        while (true) {
            if (node instanceof SqlOrderBy orderBy) {
                node = orderBy.query;
            } else if (node instanceof SqlCall call && node.getKind() == SqlKind.WITH) {
                node = call.getOperandList().get(1);
            } else if (node instanceof SqlCall call && node.getKind().belongsTo(SqlKind.SET_QUERY)) {
                node = call.getOperandList().get(0);
            } else {
                break;
            }
        }
        if (!(node instanceof SqlSelect select)) {
            return null;
        }
        SqlNodeList list = select.getSelectList();
        return list == null ? null : list.getList();
    }

    /** The select item of each column (null for columns a {@code *} expands to); null when that cannot be told. */
    private static List<SqlNode> byColumn(List<SqlNode> items, int columns) {
        long stars = items.stream().filter(ColumnNames::star).count();
        if (stars > 1 || stars == 0 && items.size() != columns) {
            return null;
        }
        int starColumns = columns - (items.size() - (int) stars);
        List<SqlNode> out = new ArrayList<>(columns);
        for (SqlNode item : items) {
            if (star(item)) {
                for (int i = 0; i < starColumns; i++) {
                    out.add(null);
                }
            } else {
                out.add(item);
            }
        }
        return out.size() == columns ? out : null;
    }

    private static boolean star(SqlNode item) {
        return item instanceof SqlIdentifier id && id.isStar();
    }

    static String name(SqlNode item) {
        if (item instanceof SqlIdentifier id) {
            return id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
        }
        if (item instanceof SqlLiteral) {
            return "value";
        }
        if (item instanceof SqlCall call) {
            if (call.getKind() == SqlKind.CAST && !call.getOperandList().isEmpty()) {
                return name(call.getOperandList().get(0));
            }
            String function = call.getOperator().getName();
            return WORD.matcher(function).matches() ? function.toLowerCase(Locale.ROOT) : "expr";
        }
        return "expr";
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }
}
