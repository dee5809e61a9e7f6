package io.meridian.placement.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planner's answer for one file, with its reasoning.
 *
 * @param policies every policy with whether it matched ("matched", "no match", or why it is invalid)
 * @param winner   the matching policy with the highest priority, or null
 * @param verdicts why each candidate silo was chosen or rejected
 * @param desired  silos that should hold the file
 * @param actual   silos that hold a present instance
 * @param pins     silos whose instance is pinned now, each with who pins it until when ({@link Pins})
 * @param action   the next command, if any
 * @param note     why there is no action, or what the action is for
 */
public record Plan(
        List<PolicyVerdict> policies,
        String winner,
        List<SiloVerdict> verdicts,
        Set<String> desired,
        Set<String> actual,
        Map<String, String> pins,
        Optional<Action> action,
        String note) {

    /** Whether the instance on {@code silo} is pinned now (invariant 6: it must not be removed). */
    public boolean pinnedOn(String silo) {
        return pins.containsKey(silo);
    }

    /** "silo (owner until T)" for each pinned instance, for people. */
    public List<String> pinned() {
        return pins.entrySet().stream().map(pin -> pin.getKey() + " (" + pin.getValue() + ")").toList();
    }

    /** Whether a policy matched the file, or why it could not be used. */
    public record PolicyVerdict(String name, int priority, boolean matched, String detail) {
    }
}
