package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code staging}: the latest status of every staging request, with what its request asked for
 * ({@code site}, {@code deadline}, {@code pin_until}, {@code prefixes} joined by ',', {@code requested_by});
 * those are null once the request is released or no longer on {@code meridian.staging-requests}.
 */
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
                Column.of("updated_at", SqlTypeName.TIMESTAMP, s -> s.getUpdatedAt().toEpochMilli()),
                Column.of("site", SqlTypeName.VARCHAR, s -> request(store, s, StagingRequest::getSite)),
                Column.of("deadline", SqlTypeName.TIMESTAMP, s -> request(store, s, r -> r.getDeadline().toEpochMilli())),
                Column.of("pin_until", SqlTypeName.TIMESTAMP, s -> request(store, s, r -> r.getPinUntil().toEpochMilli())),
                Column.of("prefixes", SqlTypeName.VARCHAR, s -> request(store, s, r -> String.join(",", r.getPrefixes()))),
                Column.of("requested_by", SqlTypeName.VARCHAR, s -> request(store, s, StagingRequest::getRequestedBy))));
    }

    private static Object request(MetadataStore store, StagingStatus status, Function<StagingRequest, Object> field) {
        return store.stagingRequest(status.getRequestId()).map(field).orElse(null);
    }

    @Override
    protected Iterable<StagingStatus> rows(List<RexNode> filters) {
        return List.copyOf(store.staging());
    }
}
