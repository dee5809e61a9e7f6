package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.StagingStatus;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/** {@code staging}: the latest status of every staging request. */
final class StagingTable extends RowTable<StagingStatus> {

    StagingTable(MetadataStore store) {
        super(store, List.of(
                Column.of("request_id", SqlTypeName.VARCHAR, StagingStatus::getRequestId),
                Column.of("job_id", SqlTypeName.VARCHAR, StagingStatus::getJobId),
                Column.of("state", SqlTypeName.VARCHAR, s -> s.getState().name().toLowerCase()),
                Column.of("files_total", SqlTypeName.BIGINT, StagingStatus::getFilesTotal),
                Column.of("files_ready", SqlTypeName.BIGINT, StagingStatus::getFilesReady),
                Column.of("bytes_total", SqlTypeName.BIGINT, StagingStatus::getBytesTotal),
                Column.of("bytes_ready", SqlTypeName.BIGINT, StagingStatus::getBytesReady),
                Column.of("eta_ms", SqlTypeName.BIGINT, StagingStatus::getEtaMillis),
                Column.of("reason", SqlTypeName.VARCHAR, StagingStatus::getReason),
                Column.of("updated_at", SqlTypeName.TIMESTAMP, s -> s.getUpdatedAt().toEpochMilli())));
    }

    @Override
    protected Iterable<StagingStatus> rows(List<RexNode> filters) {
        return List.copyOf(store.staging());
    }
}
