package io.meridian.query.console;

import io.meridian.expr.Condition;
import io.meridian.expr.FileFacts;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.MoveRow;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /v1/compliance} answers: every published policy (name, when, place, copies,
 * exclusive, priority) with how far the files it matches are where it wants them, from the query
 * store at one instant. Per policy:
 * <ul>
 *   <li>{@code matching}: files its {@code when} holds for;</li>
 *   <li>{@code governed}: of those, files it decides for (it is the matching policy with the highest
 *   priority, ties going to the first name, as placement decides);</li>
 *   <li>{@code aligned}: governed files with at least {@code copies} present instances on active silos
 *   its {@code place} selects;</li>
 *   <li>{@code inFlight}: governed files not aligned yet with a move in flight;</li>
 *   <li>{@code stuck}: governed files not aligned that placement gave up on (it retries them only when
 *   the file changes or an operator asks, {@code POST /v1/stuck/retry});</li>
 *   <li>{@code misaligned}: the other governed files (not aligned, nothing in flight, not stuck); their
 *   {@code explain} says why.</li>
 * </ul>
 * Staging requests and pins are not counted here: a file a staging request holds at a site is counted
 * by its policy like any other. One pass over every file; meant for a console refresh, not a tight loop.
 */
public final class Compliance {
    private Compliance() {
    }

    private static final class Counts {
        long matching;
        long governed;
        long aligned;
        long inFlight;
        long stuck;
    }

    private record Compiled(Policy policy, Condition when, Counts counts) {
    }

    public static List<Map<String, Object>> of(MetadataStore store, Clock clock) {
        List<Compiled> policies = new ArrayList<>();
        store.policies().stream()
                .sorted(Comparator.comparing((Policy p) -> -p.getPriority()).thenComparing(Policy::getName))
                .forEach(p -> policies.add(new Compiled(p, compile(p, clock), new Counts())));
        Set<String> moving = new HashSet<>();
        for (MoveRow m : store.moves()) {
            if (Overview.pending(m)) {
                moving.add(m.path());
            }
        }
        for (FileRow row : store.allFiles()) {
            count(store, row, policies, moving);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        policies.stream().sorted(Comparator.comparing(c -> c.policy().getName())).forEach(c -> out.add(describe(c)));
        return out;
    }

    private static Condition compile(Policy policy, Clock clock) {
        try {
            return Condition.compile(policy.getWhen(), Condition.Use.POLICY, clock);
        } catch (IllegalArgumentException e) {
            return null; // published before validation existed: it matches nothing, as in placement
        }
    }

    private static void count(MetadataStore store, FileRow row, List<Compiled> policies, Set<String> moving) {
        FileFacts facts = FileFacts.of(row.record());
        Compiled winner = null;
        for (Compiled c : policies) {
            if (c.when() != null && c.when().matches(facts)) {
                c.counts().matching++;
                winner = winner == null ? c : winner; // sorted by priority, then name
            }
        }
        if (winner == null) {
            return;
        }
        winner.counts().governed++;
        if (placed(store, row, winner.policy()) >= Math.max(1, winner.policy().getCopies())) {
            winner.counts().aligned++;
        } else if (moving.contains(row.path())) {
            winner.counts().inFlight++;
        } else if (store.stuck(row.path()).isPresent()) {
            winner.counts().stuck++;
        }
    }

    /** Present instances of the file on active silos the policy's selector selects. */
    static long placed(MetadataStore store, FileRow row, Policy policy) {
        return row.record().getInstances().stream()
                .filter(i -> i.getState() == InstanceState.PRESENT)
                .map(Instance::getSilo)
                .distinct()
                .filter(id -> store.silo(id).filter(s -> selects(policy.getPlace(), s)).isPresent())
                .count();
    }

    static boolean selects(PlacementSelector place, Silo silo) {
        return silo.getState() == SiloState.ACTIVE
                && (place.getSilos().isEmpty() || place.getSilos().contains(silo.getId()))
                && (place.getSite() == null || place.getSite().equals(silo.getSite()))
                && (place.getTier() == null || place.getTier() == silo.getTier())
                && place.getLabels().entrySet().stream().allMatch(e -> e.getValue().equals(silo.getLabels().get(e.getKey())));
    }

    private static Map<String, Object> describe(Compiled c) {
        Policy p = c.policy();
        Map<String, Object> place = new LinkedHashMap<>();
        if (!p.getPlace().getSilos().isEmpty()) {
            place.put("silos", p.getPlace().getSilos());
        }
        if (p.getPlace().getSite() != null) {
            place.put("site", p.getPlace().getSite());
        }
        if (p.getPlace().getTier() != null) {
            place.put("tier", p.getPlace().getTier().name().toLowerCase(Locale.ROOT));
        }
        if (!p.getPlace().getLabels().isEmpty()) {
            place.put("labels", p.getPlace().getLabels());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.getName());
        out.put("when", p.getWhen());
        out.put("place", place);
        out.put("copies", p.getCopies());
        out.put("exclusive", p.getExclusive());
        out.put("priority", p.getPriority());
        out.put("pinMillis", p.getPinMillis());
        out.put("matching", c.counts().matching);
        out.put("governed", c.counts().governed);
        out.put("aligned", c.counts().aligned);
        out.put("inFlight", c.counts().inFlight);
        out.put("stuck", c.counts().stuck);
        out.put("misaligned", c.counts().governed - c.counts().aligned - c.counts().inFlight - c.counts().stuck);
        return out;
    }
}
