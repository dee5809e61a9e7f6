package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.MoveRow;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/** {@code moves}: the most recent move commands with their results ({@code status} pending until then). */
final class MovesTable extends RowTable<MoveRow> {

    MovesTable(MetadataStore store) {
        super(store, List.of(
                Column.of("command_id", SqlTypeName.VARCHAR, MoveRow::commandId),
                Column.of("path", SqlTypeName.VARCHAR, MoveRow::path),
                Column.of("op", SqlTypeName.VARCHAR, m -> m.op().toLowerCase()),
                Column.of("source", SqlTypeName.VARCHAR, MoveRow::sourceSilo),
                Column.of("target", SqlTypeName.VARCHAR, MoveRow::targetSilo),
                Column.of("reason", SqlTypeName.VARCHAR, MoveRow::reason),
                Column.of("status", SqlTypeName.VARCHAR, MoveRow::status),
                Column.of("issued_at", SqlTypeName.TIMESTAMP, MoveRow::issuedAt),
                Column.of("finished_at", SqlTypeName.TIMESTAMP, MoveRow::finishedAt),
                Column.of("bytes", SqlTypeName.BIGINT, MoveRow::bytes),
                Column.of("error", SqlTypeName.VARCHAR, MoveRow::error)));
    }

    @Override
    protected Iterable<MoveRow> rows(List<RexNode> filters) {
        return store.moves();
    }
}
