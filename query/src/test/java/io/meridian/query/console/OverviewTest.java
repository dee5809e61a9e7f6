package io.meridian.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.store.DeadLetterRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.StuckRow;
import io.meridian.query.testing.Records;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.Precondition;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:30Z");
    private final MetadataStore store = new MetadataStore();

    @Test
    @SuppressWarnings("unchecked")
    void shouldGroupSilosBySiteAndCountMovesThroughputStagingAndDeadLetters() {
        store.putSilo("nas", Records.posixSilo("nas", "/a", "onprem", Tier.CAPACITY, 1000));
        store.putSilo("nvme", Records.posixSilo("nvme", "/b", "gpu-east", Tier.NVME, 100));
        store.putUsage("nvme", Records.usage("nvme", 90, 3));
        store.moveIssued(command("c1", "/d/a", NOW.minusSeconds(100)));
        store.moveFinished(result("c1", "/d/a", MoveStatus.SUCCEEDED, 4096, NOW.minusSeconds(90)));
        store.moveIssued(command("c2", "/d/b", NOW.minusSeconds(50)));
        store.moveFinished(result("c2", "/d/b", MoveStatus.FAILED, 0, NOW.minusSeconds(40)));
        store.moveIssued(command("c3", "/d/c", NOW.minusSeconds(5)));
        store.moveIssued(command("c4", "/d/e", NOW.minusSeconds(7200)));
        store.moveFinished(result("c4", "/d/e", MoveStatus.SUCCEEDED, 1, NOW.minusSeconds(7100)));
        store.putStaging("r1", status("r1", StagingState.READY));
        store.putStaging("r2", status("r2", StagingState.STAGING));
        store.putStaging("r3", status("r3", StagingState.READY));
        store.putStagingRequest("r1", request("r1"));
        store.putStagingRequest("r2", request("r2")); // r3 was released: its status stays, its request is gone
        store.deadLetter(new DeadLetterRow(NOW.minusSeconds(4000).toEpochMilli(), "classifier", "meridian.file-events", "old"));
        store.deadLetter(new DeadLetterRow(NOW.minusSeconds(10).toEpochMilli(), "classifier", "meridian.file-events", "bad path"));

        store.putStuck(new StuckRow("/d/b", "c2", "IOException: disk on fire", 6, NOW.minusSeconds(30).toEpochMilli()));

        Map<String, Object> overview = Overview.of(store, NOW.toEpochMilli());

        List<Map<String, Object>> sites = (List<Map<String, Object>>) overview.get("sites");
        assertThat(sites).extracting(s -> s.get("site")).containsExactly("gpu-east", "onprem");
        Map<String, Object> nvme = ((List<Map<String, Object>>) sites.get(0).get("silos")).get(0);
        assertThat(nvme).containsEntry("id", "nvme").containsEntry("used", 90L).containsEntry("files", 3L)
                .containsEntry("tier", "nvme").containsEntry("highWatermark", 0.85).containsEntry("state", "active");
        assertThat((Map<String, Object>) overview.get("moves")).containsEntry("stuck", 1L).containsEntry("inFlight", 1L).containsEntry("succeededLastHour", 1L)
                .containsEntry("failedLastHour", 1L).containsEntry("failingFiles", 1L);
        Map<String, Object> throughput = (Map<String, Object>) overview.get("throughput");
        List<Map<String, Object>> pairs = (List<Map<String, Object>>) throughput.get("pairs");
        assertThat(pairs).hasSize(1);
        long[] perMinute = (long[]) pairs.get(0).get("bytesPerMinute");
        assertThat(perMinute).hasSize(15);
        assertThat(perMinute[13]).isEqualTo(4096); // finished 90 s before 12:00:30, in the minute that began at 11:59
        assertThat((Map<String, Long>) overview.get("staging")).containsExactly(Map.entry("ready", 1L), Map.entry("released", 1L), Map.entry("staging", 1L));
        Map<String, Object> dead = (Map<String, Object>) overview.get("deadLetters");
        assertThat(dead.get("lastHour")).isEqualTo(1L);
        assertThat((List<DeadLetterRow>) dead.get("recent")).extracting(DeadLetterRow::reason).containsExactly("old", "bad path");
    }

    private static MoveCommand command(String id, String path, Instant issued) {
        return MoveCommand.newBuilder().setCommandId(id).setPath(path).setOp(MoveOp.COPY).setSourceSilo("nas")
                .setTargetSilo("nvme").setReason("policy p").setIssuedAt(issued)
                .setExpected(Precondition.newBuilder().setSize(1).setMtime(issued).setRecordVersion(1).build()).build();
    }

    private static MoveResult result(String id, String path, MoveStatus status, long bytes, Instant finished) {
        return MoveResult.newBuilder().setCommandId(id).setPath(path).setOp(MoveOp.COPY).setSourceSilo("nas")
                .setTargetSilo("nvme").setStatus(status).setBytes(bytes).setWorker("w1").setFinishedAt(finished).build();
    }

    private static StagingRequest request(String id) {
        return StagingRequest.newBuilder().setRequestId(id).setJobId("j").setSite("gpu-east").setPrefixes(List.of("/d/"))
                .setDeadline(NOW).setPinUntil(NOW).setRequestedBy("test").setCreatedAt(NOW).build();
    }

    private static StagingStatus status(String id, StagingState state) {
        return StagingStatus.newBuilder().setRequestId(id).setJobId("j").setState(state).setFilesTotal(1).setFilesReady(1)
                .setBytesTotal(1).setBytesReady(1).setUpdatedAt(NOW).build();
    }
}
