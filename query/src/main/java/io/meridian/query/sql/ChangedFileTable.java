package io.meridian.query.sql;

import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import java.util.List;
import org.apache.calcite.rex.RexNode;

/**
 * The {@code files} table of a push query: only the row that just changed, so that the query's
 * compiled plan (WHERE, projection) runs once per change and yields the row only if it matches.
 * Used by one push query on one thread.
 */
final class ChangedFileTable extends RowTable<FileRow> {
    private FileRow current;

    ChangedFileTable(MetadataStore store) {
        super(store, FilesTable.fileColumns());
    }

    void set(FileRow row) {
        current = row;
    }

    @Override
    protected Iterable<FileRow> rows(List<RexNode> filters) {
        return current == null ? List.of() : List.of(current);
    }
}
