package io.meridian.query.sql;

import io.meridian.query.store.FileRow;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a query needs from the {@code files} table, in a form the instance that owns the rows can run:
 * the path ranges to read ({@link PathRange}), the conditions every row must meet
 * ({@link ScanCondition}) and the columns to return (indexes of the table's columns, in order). No
 * columns means only the number of matching rows is needed (e.g. {@code count(*)}), so an owner
 * answers with a count rather than rows.
 */
public record FileScan(List<PathRange.KeyRange> ranges, List<ScanCondition> conditions, List<Integer> columns) {
    private static final List<Column<FileRow>> COLUMNS = FilesTable.fileColumns();

    public FileScan {
        ranges = List.copyOf(ranges);
        conditions = List.copyOf(conditions);
        columns = List.copyOf(columns);
        for (int c : columns) {
            if (c < 0 || c >= COLUMNS.size()) {
                throw new IllegalArgumentException("no column " + c + " in files (it has " + COLUMNS.size() + ")");
            }
        }
        conditions.forEach(c -> c.on(COLUMNS)); // checks each column index
    }

    /** Every file, every column: what {@code SELECT * FROM files} reads. */
    public static FileScan all() {
        return new FileScan(List.of(new PathRange.KeyRange("", null)), List.of(),
                java.util.stream.IntStream.range(0, COLUMNS.size()).boxed().toList());
    }

    /** Every file, no columns: what {@code SELECT count(*) FROM files} reads. */
    public static FileScan count() {
        return new FileScan(List.of(new PathRange.KeyRange("", null)), List.of(), List.of());
    }

    /** Whether only the count of matching rows is needed. */
    public boolean countOnly() {
        return columns.isEmpty();
    }

    /** The test a row must pass: in one of the ranges and meeting every condition. */
    public Predicate<FileRow> matcher() {
        Predicate<FileRow> conditionsMet = RowPredicates.all(conditions, COLUMNS);
        return row -> inRanges(row.path()) && conditionsMet.test(row);
    }

    /** Whether {@code path} is in one of the ranges. */
    public boolean inRanges(String path) {
        for (PathRange.KeyRange r : ranges) {
            if (r.contains(path)) {
                return true;
            }
        }
        return false;
    }

    /** The projected values of {@code row}, in the order of {@link #columns()}. */
    public Object[] project(FileRow row) {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = COLUMNS.get(columns.get(i)).value().apply(row);
        }
        return out;
    }
}
