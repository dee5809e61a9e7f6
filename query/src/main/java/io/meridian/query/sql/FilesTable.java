package io.meridian.query.sql;

import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code files}: one row per file of the global namespace. A {@code path =}, {@code path IN (...)} or {@code path
 * LIKE 'prefix%'} condition becomes a key-range scan of the sorted store (see {@link PathRange}).
 */
final class FilesTable extends RowTable<FileRow> {
    static final int PATH = 0;

    FilesTable(MetadataStore store) {
        super(store, fileColumns());
    }

    static List<Column<FileRow>> fileColumns() {
        return List.of(
                Column.of("path", SqlTypeName.VARCHAR, FileRow::path),
                Column.of("name", SqlTypeName.VARCHAR, FileRow::name),
                Column.of("dir", SqlTypeName.VARCHAR, FileRow::dir),
                Column.of("ext", SqlTypeName.VARCHAR, FileRow::ext),
                Column.of("size", SqlTypeName.BIGINT, FileRow::size),
                Column.of("mtime", SqlTypeName.TIMESTAMP, FileRow::mtime),
                Column.stringMap("tags", FileRow::tags),
                Column.stringMap("auto_tags", FileRow::autoTags),
                Column.of("instance_count", SqlTypeName.INTEGER, FileRow::instanceCount),
                Column.stringArray("silos", FileRow::silos),
                Column.of("state", SqlTypeName.VARCHAR, FileRow::state),
                Column.of("version", SqlTypeName.BIGINT, r -> r.record().getVersion()),
                Column.of("last_access", SqlTypeName.TIMESTAMP,
                        r -> r.record().getLastAccess() == null ? null : r.record().getLastAccess().toEpochMilli()));
    }

    /** Over a {@link DistributedScan} index, the owners filter and project; else as every table. */
    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        if (!(store.files() instanceof DistributedScan distributed)) {
            return super.scan(root, filters, projects);
        }
        List<Integer> selected = projects == null ? IntStream.range(0, columns().size()).boxed().toList()
                : IntStream.of(projects).boxed().toList();
        FileScan scan = new FileScan(PathRange.of(filters, PATH).keyRanges(), RowPredicates.conditions(filters, columns()), selected);
        return projectedElsewhere(root, deadline -> distributed.scan(scan, deadline));
    }

    /** Whether this table evaluates every one of {@code filters} itself (so that it can count without Calcite). */
    boolean evaluatesAll(List<RexNode> filters) {
        List<RexNode> left = conjuncts(filters);
        RowPredicates.conditions(left, columns());
        return left.isEmpty();
    }

    /**
     * The number of rows that pass {@code filters}, all of which this table evaluates ({@link #evaluatesAll});
     * counted by the owners of the rows over a {@link DistributedScan}, else here, under the query's
     * deadline and rows-processed limit.
     */
    long count(DataContext root, List<RexNode> filters) {
        List<RexNode> left = conjuncts(filters);
        List<ScanCondition> conditions = RowPredicates.conditions(left, columns());
        if (!left.isEmpty()) {
            throw new IllegalStateException("count planned for filters the files table does not evaluate: " + left);
        }
        PathRange range = PathRange.of(conjuncts(filters), PATH);
        if (store.files() instanceof DistributedScan distributed) {
            return distributed.count(new FileScan(range.keyRanges(), conditions, List.of()), deadline(root));
        }
        java.util.function.Predicate<FileRow> matches = RowPredicates.all(conditions, columns());
        long n = 0;
        try (DistributedScan.CloseableRows rows = counted(root, range.files(store).iterator(), matches)) {
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
        }
        return n;
    }

    /** The filters as a list of conjuncts (a plan may hold one AND of several), in a list that may be changed. */
    private static List<RexNode> conjuncts(List<RexNode> filters) {
        List<RexNode> out = new java.util.ArrayList<>();
        filters.forEach(f -> out.addAll(org.apache.calcite.plan.RelOptUtil.conjunctions(f)));
        return out;
    }

    @Override
    protected Iterable<FileRow> rows(List<RexNode> filters) {
        return PathRange.of(filters, PATH).files(store);
    }
}
