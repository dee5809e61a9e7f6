package io.meridian.query.partition;

import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /internal/v1/files/scan}: runs a peer's {@link PeerRequest} on partitions this
 * instance owns and streams the {@link ScanWire} answer. Refuses with 409 before answering anything
 * when one of the partitions is not active here (the peer's view of the owners is stale, or a
 * rebalance took it while a count or listing was made: those are made before answering), so the
 * peer looks for the owners again. A failure while rows stream is sent as an ERROR frame, so the peer
 * never takes a cut answer for a whole one.
 */
final class ScanRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRoute.class);

    private final OwnedPartitions owned;

    ScanRoute(OwnedPartitions owned) {
        this.owned = owned;
    }

    void handle(HttpCall call) throws IOException {
        PeerRequest request = call.bodyJson(PeerRequest.class);
        List<Integer> partitions = request.partitions();
        long count = 0;
        List<String> names = List.of();
        try {
            owned.checkOwned(partitions);
            // answers of one value are made before anything is sent, so that a partition lost meanwhile is a 409 too
            switch (request.mode()) {
                case COUNT -> count = owned.count(partitions, request.scan());
                case ESTIMATE -> count = owned.estimate(partitions);
                case CHILDREN -> names = owned.children(partitions, request.directory(), request.limit());
                default -> {
                }
            }
        } catch (OwnedPartitions.NotOwnerException e) {
            throw new HttpException(409, e.getMessage());
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                call.stream(200, "application/octet-stream", -1), 64 * 1024))) {
            try {
                switch (request.mode()) {
                    case ROWS, RECORDS -> rows(request, out);
                    case COUNT, ESTIMATE -> {
                        out.writeByte(ScanWire.COUNT);
                        out.writeLong(count);
                    }
                    case CHILDREN -> {
                        for (String name : names) {
                            out.writeByte(ScanWire.ROW);
                            ScanWire.text(out, name);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("A peer's scan failed part-way", e);
                out.writeByte(ScanWire.ERROR);
                ScanWire.text(out, String.valueOf(e.getMessage()));
                return;
            }
            out.writeByte(ScanWire.END);
        }
    }

    private void rows(PeerRequest request, DataOutputStream out) throws IOException {
        boolean whole = request.mode() == PeerRequest.Mode.RECORDS;
        try (SortedSource rows = owned.rows(request.partitions(), request.scan(), whole)) {
            while (rows.hasNext()) {
                Keyed row = rows.next();
                out.writeByte(ScanWire.ROW);
                ScanWire.text(out, row.path());
                if (whole) {
                    ScanWire.bytes(out, row.stored());
                } else {
                    for (Object v : row.values()) {
                        ScanWire.value(out, v);
                    }
                }
            }
        }
    }
}
