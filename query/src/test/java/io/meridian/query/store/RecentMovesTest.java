package io.meridian.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.Precondition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentMovesTest {
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldKeepTheOutcomeWhenTheResultIsReadBeforeItsCommand() {
        RecentMoves moves = new RecentMoves(10);
        moves.finished(result("c1"));
        moves.issued(command("c1"));
        MoveRow row = moves.snapshot().get(0);
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.reason()).isEqualTo("policy training-on-nvme");
        assertThat(row.issuedAt()).isEqualTo(ISSUED.toEpochMilli());
    }

    @Test
    void shouldForgetTheOldestMovesFirst() {
        RecentMoves moves = new RecentMoves(2);
        moves.issued(command("c1"));
        moves.issued(command("c2"));
        moves.issued(command("c3"));
        assertThat(moves.snapshot()).extracting(MoveRow::commandId).containsExactly("c2", "c3");
    }

    private static MoveCommand command(String id) {
        return MoveCommand.newBuilder().setCommandId(id).setPath("/d/a.bin").setOp(MoveOp.COPY).setSourceSilo("nas")
                .setTargetSilo("nvme").setReason("policy training-on-nvme").setIssuedAt(ISSUED)
                .setExpected(Precondition.newBuilder().setSize(1).setMtime(ISSUED).setRecordVersion(1).build()).build();
    }

    private static MoveResult result(String id) {
        return MoveResult.newBuilder().setCommandId(id).setPath("/d/a.bin").setOp(MoveOp.COPY).setSourceSilo("nas")
                .setTargetSilo("nvme").setStatus(MoveStatus.SUCCEEDED).setBytes(1).setWorker("w1")
                .setFinishedAt(ISSUED.plusSeconds(1)).build();
    }
}
