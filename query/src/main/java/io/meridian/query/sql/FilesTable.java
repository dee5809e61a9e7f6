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

    @Override
    protected Iterable<FileRow> rows(List<RexNode> filters) {
        return PathRange.of(filters, PATH).files(store);
    }
}
