package io.meridian.placement.reconcile;

import io.meridian.expr.FileFacts;
import io.meridian.placement.policy.CompiledPolicy;
import io.meridian.placement.policy.SiloSelectors;
import io.meridian.placement.request.StagingNeed;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Desired versus actual instances of one file, and the next command that closes the gap. A pure,
 * deterministic function of its {@link PlanInput}: the stream and {@code meridian explain} both
 * call it. Desired places come, in this order of precedence, from active staging requests (an
 * instance at the request's site), the matching policy with the highest priority ({@code copies}
 * best-ranked silos of its selector), and draining silos (everything only there goes to the
 * policy's places or else to an active silo of the same tier). Removals (exclusive policies, drain)
 * happen only once every desired place holds the file, never for a pinned instance (a drain copies a
 * pinned only copy out, and removes it when the pin ends), and only when
 * {@link VerifiedCopies} says another verified copy exists (invariant 1).
 */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(PlanInput input) {
        FileFacts facts = FileFacts.of(input.record());
        List<Plan.PolicyVerdict> policyVerdicts = new ArrayList<>();
        CompiledPolicy winner = winner(input.policies(), facts, policyVerdicts);
        Set<String> actual = SiloRanker.presentSilos(input.record());
        Map<String, String> pins = Pins.of(input, winner);
        if (actual.isEmpty()) {
            return new Plan(policyVerdicts, name(winner), List.of(), Set.of(), actual, pins, Optional.empty(),
                    "no present instance to place from");
        }
        if (input.record().getFileType() != FileType.FILE) {
            // a mover would refuse it anyway (invariant 9: a symlink is recorded, never followed): no futile commands
            return new Plan(policyVerdicts, name(winner), List.of(), Set.of(), actual, pins, Optional.empty(),
                    "a " + input.record().getFileType().name().toLowerCase(Locale.ROOT)
                            + " is recorded where it is and never moved; only regular files are placed");
        }
        Builder plan = new Builder(input, winner);
        plan.staging();
        plan.policy();
        plan.drain();
        plan.exclusiveRemovals(actual);
        return new Plan(policyVerdicts, name(winner), plan.verdicts, plan.desired, actual, pins,
                Optional.ofNullable(plan.action), plan.note());
    }

    /** The matching policy with the highest priority (ties: name), recording a verdict for each policy. */
    static CompiledPolicy winner(List<CompiledPolicy> policies, FileFacts facts, List<Plan.PolicyVerdict> out) {
        CompiledPolicy winner = null;
        List<CompiledPolicy> ordered = new ArrayList<>(policies);
        ordered.sort(Comparator.comparingInt((CompiledPolicy p) -> -p.policy().getPriority()).thenComparing(CompiledPolicy::name));
        for (CompiledPolicy policy : ordered) {
            boolean matched = policy.matches(facts);
            String detail = !policy.valid() ? "invalid: " + policy.error() : matched ? (winner == null ? "matched, wins" : "matched, lower priority") : "no match";
            out.add(new Plan.PolicyVerdict(policy.name(), policy.policy().getPriority(), matched, detail));
            if (matched && winner == null) {
                winner = policy;
            }
        }
        return winner;
    }

    private static String name(CompiledPolicy policy) {
        return policy == null ? null : policy.name();
    }

    /** Accumulates desired places, verdicts and the first action of one plan. */
    private static final class Builder {
        private final PlanInput input;
        private final CompiledPolicy winner;
        private final Set<String> actual;
        private final Set<String> desired = new TreeSet<>();
        private final List<SiloVerdict> verdicts = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private Action action;

        Builder(PlanInput input, CompiledPolicy winner) {
            this.input = input;
            this.winner = winner;
            this.actual = SiloRanker.currentSilos(input.record()); // an outdated copy is a place to copy to
        }

        void staging() {
            for (StagingNeed need : input.staging()) {
                Optional<String> there = actual.stream().filter(id -> atSite(id, need)).findFirst();
                if (there.isPresent()) {
                    desired.add(there.get());
                    verdicts.add(new SiloVerdict(there.get(), true, "staging " + need.requestId() + ": already at " + need.site()));
                    continue;
                }
                List<Silo> ranked = SiloRanker.rank(input, s -> Pins.atSite(s, need), "staging " + need.requestId(), verdicts);
                ranked.sort(Comparator.comparingInt((Silo s) -> -s.getTier().ordinal())); // fastest tier first, stable
                if (ranked.isEmpty()) {
                    notes.add("staging " + need.requestId() + ": no active silo at " + need.site() + " with room");
                    continue;
                }
                Silo target = ranked.get(0);
                desired.add(target.getId());
                verdicts.add(new SiloVerdict(target.getId(), true, "staging " + need.requestId() + ": best silo at " + need.site()));
                propose(MoveOp.COPY, target, "staging:" + need.requestId(), need.priority(), need.deadline());
            }
        }

        void policy() {
            if (winner == null) {
                return;
            }
            String why = "policy " + winner.name();
            List<Silo> ranked = SiloRanker.rank(input,
                    s -> SiloSelectors.mismatch(winner.policy().getPlace(), s) == null, why, verdicts);
            int copies = winner.policy().getCopies();
            for (int i = 0; i < ranked.size(); i++) {
                Silo silo = ranked.get(i);
                boolean chosen = i < copies;
                verdicts.add(new SiloVerdict(silo.getId(), chosen, why + (chosen ? ": ranked " + (i + 1) + " of " + ranked.size()
                        : ": ranked below the " + copies + " chosen")));
                if (chosen) {
                    desired.add(silo.getId());
                    boolean exclusive = winner.policy().getExclusive();
                    propose(exclusive ? MoveOp.MOVE : MoveOp.COPY, silo, winner.name(), winner.policy().getPriority(), null);
                }
            }
            if (ranked.size() < copies) {
                notes.add(why + ": wants " + copies + " copies, only " + ranked.size() + " eligible silos");
            }
        }

        void drain() {
            for (String id : actual) {
                Silo silo = input.silos().get(id);
                if (silo == null || silo.getState() == SiloState.ACTIVE) {
                    continue;
                }
                if (actual.stream().anyMatch(other -> !other.equals(id) && active(other))) {
                    remove(id, "drain:" + id);
                    continue;
                }
                List<Silo> ranked = SiloRanker.rank(input, s -> desired.contains(s.getId()) || s.getTier() == silo.getTier(),
                        "drain " + id, verdicts);
                if (ranked.isEmpty()) {
                    ranked = SiloRanker.rank(input, s -> true, "drain " + id + " (any tier)", verdicts);
                }
                if (ranked.isEmpty()) {
                    notes.add("drain " + id + ": no active silo with room for the only copy");
                    continue;
                }
                desired.add(ranked.get(0).getId());
                verdicts.add(new SiloVerdict(ranked.get(0).getId(), true, "drain " + id + ": takes the only copy"));
                String pin = Pins.pin(input, winner, id);
                boolean pinned = pin != null;
                if (pinned) { // invariant 11: copy now, but the pinned instance stays until its pin ends
                    notes.add("drain:" + id + ": instance on " + id + " is pinned by " + pin + "; copied out, removed when the pin ends");
                }
                if (action == null) {
                    action = new Action(VerifiedCopies.movable(input.record(), id) && !pinned ? MoveOp.MOVE : MoveOp.COPY,
                            id, ranked.get(0).getId(), "drain:" + id, 0, null);
                }
            }
        }

        void exclusiveRemovals(Set<String> present) {
            if (winner == null || !winner.policy().getExclusive() || !actual.containsAll(desired) || desired.isEmpty()) {
                return;
            }
            for (String id : present) {
                if (!desired.contains(id) && active(id)) {
                    remove(id, winner.name());
                }
            }
        }

        /** Plans a copy (or a move, when allowed) into {@code target} if it lacks the file and nothing is planned yet. */
        private void propose(MoveOp op, Silo target, String reason, int priority, Long deadline) {
            if (action != null || actual.contains(target.getId())) {
                return;
            }
            Instance source = SiloRanker.source(input, target);
            if (source == null) {
                return;
            }
            String from = source.getSilo();
            boolean move = op == MoveOp.MOVE && !desired.contains(from) && VerifiedCopies.movable(input.record(), from)
                    && !Pins.pinned(input, winner, from);
            action = new Action(move ? MoveOp.MOVE : MoveOp.COPY, from, target.getId(), reason, priority, deadline);
        }

        private void remove(String silo, String reason) {
            String pin = Pins.pin(input, winner, silo);
            if (pin != null) {
                notes.add(reason + ": instance on " + silo + " is pinned by " + pin);
            } else if (!VerifiedCopies.anotherVerified(input.record(), silo, input.silos())) {
                notes.add(reason + ": keeps " + silo + " until another copy is verified (same size and CRC32C)");
            } else if (action == null) {
                action = new Action(MoveOp.DELETE_INSTANCE, silo, null, reason, 0, null);
            }
        }

        private boolean active(String silo) {
            Silo s = input.silos().get(silo);
            return s != null && s.getState() == SiloState.ACTIVE;
        }

        private boolean atSite(String silo, StagingNeed need) {
            Silo s = input.silos().get(silo);
            return s != null && s.getState() != SiloState.RETIRED && Pins.atSite(s, need);
        }

        String note() {
            if (action != null) {
                notes.add(0, action.op() + " " + action.source() + (action.target() == null ? "" : " -> " + action.target())
                        + " for " + action.reason());
            } else if (notes.isEmpty()) {
                notes.add(desired.isEmpty() ? "no policy or staging request applies; instances stay as they are"
                        : "desired instances are in place");
            }
            return String.join("; ", notes);
        }
    }
}
