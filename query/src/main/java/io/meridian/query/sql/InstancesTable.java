package io.meridian.query.sql;

import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.Instance;
import io.meridian.schemas.Silo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code instances}: one row per copy of a file in a silo, with the silo's site and tier. Path
 * conditions narrow the scan like in {@code files}.
 */
final class InstancesTable extends RowTable<InstancesTable.Row> {

    /** One instance with what the row needs from its file and silo. */
    record Row(String path, Instance instance, Optional<Silo> silo) {
    }

    InstancesTable(MetadataStore store) {
        super(store, List.of(
                Column.of("path", SqlTypeName.VARCHAR, Row::path),
                Column.of("silo", SqlTypeName.VARCHAR, r -> r.instance().getSilo()),
                Column.of("site", SqlTypeName.VARCHAR, r -> r.silo().map(Silo::getSite).orElse(null)),
                Column.of("tier", SqlTypeName.VARCHAR, r -> r.silo().map(s -> s.getTier().name().toLowerCase()).orElse(null)),
                Column.of("size", SqlTypeName.BIGINT, r -> r.instance().getSize()),
                Column.of("mtime", SqlTypeName.TIMESTAMP, r -> r.instance().getMtime().toEpochMilli()),
                Column.of("crc32c", SqlTypeName.BIGINT, r -> r.instance().getCrc32c()),
                Column.of("state", SqlTypeName.VARCHAR, r -> r.instance().getState().name().toLowerCase())));
    }

    @Override
    protected Iterable<Row> rows(List<RexNode> filters) {
        Iterable<FileRow> files = PathRange.of(filters, 0).files(store);
        return () -> flatten(files.iterator());
    }

    private Iterator<Row> flatten(Iterator<FileRow> files) {
        return new Iterator<>() {
            private Iterator<Row> current = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && files.hasNext()) {
                    FileRow file = files.next();
                    List<Row> rows = new ArrayList<>(file.instanceCount());
                    file.record().getInstances().forEach(i -> rows.add(new Row(file.path(), i, store.silo(i.getSilo()))));
                    current = rows.iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                hasNext();
                return current.next();
            }
        };
    }
}
