package io.meridian.cli.explain;

import io.meridian.cli.ops.Explanation;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Plan;
import io.meridian.query.store.MoveRow;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import io.meridian.topics.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/explain/{path}} (read-only role): what {@code meridian explain PATH} prints, as JSON
 * (the same {@link Explanation}). The placement planner runs over the file's current record and the published policies, silos,
 * usage and staging requests, with the input built as placement builds it
 * ({@link GlobalView#input}); the answer has the record's {@code instances}, {@code policies} (name, priority, matched, detail),
 * {@code winner}, {@code desired} and {@code actual} silos, {@code silos} (each candidate chosen or
 * rejected, and why), {@code pins}, {@code next} (the action or why there is none), and from
 * the recent moves the commands {@code inFlight} (issued, not yet answered by a mover) and from
 * placement's stuck-files changelog {@code stuck} (null when not stuck). Answered from the process's
 * query store. 404 for a path with no record.
 */
public final class ExplainRoute {
    private static final String PREFIX = "/v1/explain/";

    private final OperationsStage operations;

    private ExplainRoute(OperationsStage operations) {
        this.operations = operations;
    }

    public static void register(HttpApi http, OperationsStage operations) {
        http.route("GET", PREFIX, Role.READ, new ExplainRoute(operations)::explain);
    }

    private void explain(HttpCall call) throws Exception {
        String path;
        try {
            path = LogicalPath.file("/" + call.rest());
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        Explanation explained = operations.operations().explain(path)
                .orElseThrow(() -> HttpException.notFound("no file " + path + " in " + Topics.METADATA));
        call.json(200, describe(explained.record(), explained.plan(), explained.inFlight(), explained.stuck()));
    }

    public static Map<String, Object> describe(FileRecord record, Plan plan, List<MoveRow> inFlight, StuckRow stuck) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", record.getPath());
        out.put("recordVersion", record.getVersion());
        out.put("instances", record.getInstances().stream().map(i -> map("silo", i.getSilo(), "state", i.getState().name(),
                "size", i.getSize(), "crc32c", i.getCrc32c() == null ? null : Long.toHexString(i.getCrc32c()))).toList());
        out.put("policies", plan.policies().stream().map(p -> map("name", p.name(), "priority", p.priority(),
                "matched", p.matched(), "detail", p.detail())).toList());
        out.put("winner", plan.winner());
        out.put("desired", plan.desired());
        out.put("actual", plan.actual());
        out.put("silos", plan.verdicts().stream().map(v -> map("silo", v.silo(), "chosen", v.chosen(), "reason", v.reason())).toList());
        out.put("pins", plan.pinned());
        out.put("next", plan.note());
        out.put("inFlight", inFlight.stream().map(m -> map("commandId", m.commandId(), "op", m.op(), "source", m.sourceSilo(),
                "target", m.targetSilo(), "reason", m.reason(),
                "issuedAt", m.issuedAt() == null ? null : Instant.ofEpochMilli(m.issuedAt()).toString())).toList());
        out.put("stuck", stuck == null ? null : map("reason", stuck.reason(), "attempts", stuck.attempts(),
                "since", Instant.ofEpochMilli(stuck.since()).toString()));
        return out;
    }

    /** An ordered map of key, value pairs; values may be null (JSON null). */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
