package io.meridian.cli.ops;

import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.Planner;
import io.meridian.query.store.MoveRow;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Why a file is where it is, for {@code meridian explain PATH} and {@code GET /v1/explain/{path}}
 * alike: the placement planner run over the file's current record and the published policies, silos,
 * usage and staging requests (as the process's query store holds them), with the input built as
 * placement builds it ({@link GlobalView#input}: the metadata topic's partition count for each task's
 * share of free space, the same order of staging requests); the moves issued for it that no mover has
 * answered yet, and whether placement gave up on it (its stuck-files changelog). Bytes in flight are
 * each task's own, so "no room" verdicts count committed bytes only. Answered from memory: no Kafka
 * client per call.
 */
public record Explanation(FileRecord record, Plan plan, List<MoveRow> inFlight, StuckRow stuck) {

    /** The explanation of {@code path}, or empty when meridian.metadata has no record of it. */
    static Optional<Explanation> of(View view, String path, Clock clock) {
        return view.file(path).map(record -> new Explanation(record,
                Planner.plan(GlobalView.input(record, view.policies().values(), view.silos(), view.usage(),
                        view.stagingRequests(), Math.max(1, view.metadataPartitions()), clock)),
                view.openMoves(path), view.stuck().stream().filter(s -> s.path().equals(path)).findFirst().orElse(null)));
    }
}
