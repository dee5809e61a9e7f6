package io.meridian.query.console;

import io.meridian.query.store.DeadLetterRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.MoveRow;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /v1/overview} answers, computed from the query store at one instant {@code now}:
 * <ul>
 *   <li>{@code sites}: every site with its silos (id, kind, tier, mount, capacity, used, files, state,
 *   high and low watermarks), sites and silos by name;</li>
 *   <li>{@code moves}: {@code inFlight} (issued, no result yet), {@code succeededLastHour} and
 *   {@code failedLastHour} (results of the last hour; ALREADY_PRESENT counts as succeeded,
 *   SOURCE_CHANGED and FAILED as failed), {@code failingFiles} (files whose latest move failed and that
 *   have none in flight), {@code stuck} (files placement gave up on, see {@code GET /v1/stuck});</li>
 *   <li>{@code throughput}: bytes finished per minute over the last {@link #MINUTES} minutes per
 *   (source, target) pair, oldest minute first, {@code start} being the first minute's start;</li>
 *   <li>{@code staging}: how many staging requests are in each state, {@code released} for those whose
 *   request is no longer on {@code meridian.staging-requests} (released, or past the topic's retention);</li>
 *   <li>{@code deadLetters}: how many arrived in the last hour and the last {@link #RECENT} of them.</li>
 * </ul>
 * Moves are those the store remembers ({@link MetadataStore#RECENT_MOVES}), so counts are of those.
 */
public final class Overview {
    static final int MINUTES = 15;
    static final int RECENT = 5;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    private Overview() {
    }

    public static Map<String, Object> of(MetadataStore store, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", now);
        out.put("files", store.fileCount());
        out.put("sites", sites(store));
        List<MoveRow> moves = store.moves();
        Map<String, Object> counts = new LinkedHashMap<>(moveCounts(moves, now));
        counts.put("stuck", (long) store.stuckFiles().size());
        out.put("moves", counts);
        out.put("throughput", throughput(moves, now));
        out.put("staging", staging(store));
        out.put("deadLetters", deadLetters(store, now));
        return out;
    }

    private static List<Map<String, Object>> sites(MetadataStore store) {
        Map<String, List<Map<String, Object>>> bySite = new TreeMap<>();
        store.silos().stream().sorted(Comparator.comparing(Silo::getId))
                .forEach(s -> bySite.computeIfAbsent(s.getSite(), k -> new ArrayList<>()).add(silo(store, s)));
        List<Map<String, Object>> out = new ArrayList<>();
        bySite.forEach((site, silos) -> out.add(Map.of("site", site, "silos", silos)));
        return out;
    }

    private static Map<String, Object> silo(MetadataStore store, Silo s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.getId());
        out.put("kind", lower(s.getKind().name()));
        out.put("tier", lower(s.getTier().name()));
        out.put("mount", s.getMount());
        out.put("capacity", s.getCapacityBytes());
        out.put("used", store.usage(s.getId()).map(SiloUsage::getUsedBytes).orElse(0L));
        out.put("files", store.usage(s.getId()).map(SiloUsage::getFileCount).orElse(0L));
        out.put("state", lower(s.getState().name()));
        out.put("highWatermark", s.getHighWatermark());
        out.put("lowWatermark", s.getLowWatermark());
        return out;
    }

    private static Map<String, Object> moveCounts(List<MoveRow> moves, long now) {
        long inFlight = 0;
        long succeeded = 0;
        long failed = 0;
        Map<String, MoveRow> latestByPath = new HashMap<>();
        for (MoveRow m : moves) {
            if (pending(m)) {
                inFlight++;
            } else if (m.finishedAt() != null && m.finishedAt() >= now - HOUR) {
                if (failed(m)) {
                    failed++;
                } else {
                    succeeded++;
                }
            }
            latestByPath.merge(m.path(), m, (a, b) -> time(b) >= time(a) ? b : a);
        }
        long failing = latestByPath.values().stream().filter(Overview::failed).count();
        return Map.of("inFlight", inFlight, "succeededLastHour", succeeded, "failedLastHour", failed, "failingFiles", failing);
    }

    private static Map<String, Object> throughput(List<MoveRow> moves, long now) {
        long start = (now / MINUTE - (MINUTES - 1)) * MINUTE;
        Map<String, long[]> pairs = new TreeMap<>();
        for (MoveRow m : moves) {
            boolean copied = !pending(m) && !failed(m) && m.finishedAt() != null && m.finishedAt() >= start
                    && m.bytes() > 0 && m.targetSilo() != null;
            if (copied) {
                int minute = (int) Math.min(MINUTES - 1, (m.finishedAt() - start) / MINUTE);
                pairs.computeIfAbsent(m.sourceSilo() + "\u0000" + m.targetSilo(), k -> new long[MINUTES])[minute] += m.bytes();
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        pairs.forEach((pair, bytes) -> {
            String[] ends = pair.split("\u0000", 2);
            out.add(Map.of("source", ends[0], "target", ends[1], "bytesPerMinute", bytes));
        });
        return Map.of("start", start, "minutes", MINUTES, "pairs", out);
    }

    private static Map<String, Long> staging(MetadataStore store) {
        Map<String, Long> out = new TreeMap<>();
        for (StagingStatus s : store.staging()) {
            boolean released = store.stagingRequest(s.getRequestId()).isEmpty();
            out.merge(released ? "released" : lower(s.getState().name()), 1L, Long::sum);
        }
        return out;
    }

    private static Map<String, Object> deadLetters(MetadataStore store, long now) {
        List<DeadLetterRow> rows = store.deadLetters();
        long lastHour = rows.stream().filter(r -> r.timestamp() >= now - HOUR).count();
        return Map.of("lastHour", lastHour, "recent", rows.subList(Math.max(0, rows.size() - RECENT), rows.size()));
    }

    static boolean pending(MoveRow m) {
        return "pending".equals(m.status());
    }

    static boolean failed(MoveRow m) {
        return "failed".equals(m.status()) || "source_changed".equals(m.status());
    }

    private static long time(MoveRow m) {
        return m.finishedAt() != null ? m.finishedAt() : m.issuedAt() != null ? m.issuedAt() : 0;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
