package io.meridian.query.sql;

import io.meridian.query.store.AccessRow;
import io.meridian.query.store.MetadataStore;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code accesses}: the most recent reads served by the read path ({@code meridian.access-events},
 * the last {@link MetadataStore#RECENT_ACCESSES}): path, silo, bytes, reader, accessed_at.
 */
final class AccessesTable extends RowTable<AccessRow> {

    AccessesTable(MetadataStore store) {
        super(store, List.of(
                Column.of("path", SqlTypeName.VARCHAR, AccessRow::path),
                Column.of("silo", SqlTypeName.VARCHAR, AccessRow::silo),
                Column.of("bytes", SqlTypeName.BIGINT, AccessRow::bytes),
                Column.of("reader", SqlTypeName.VARCHAR, AccessRow::reader),
                Column.of("accessed_at", SqlTypeName.TIMESTAMP, AccessRow::at)));
    }

    @Override
    protected Iterable<AccessRow> rows(List<RexNode> filters) {
        return store.accesses();
    }
}
