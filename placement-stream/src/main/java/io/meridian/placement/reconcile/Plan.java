package io.meridian.placement.reconcile;

import java.util.List;
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
 * @param pinned   silos whose instance is pinned now, with the pin's owner
 * @param action   the next command, if any
 * @param note     why there is no action, or what the action is for
 */
public record Plan(
        List<PolicyVerdict> policies,
        String winner,
        List<SiloVerdict> verdicts,
        Set<String> desired,
        Set<String> actual,
        List<String> pinned,
        Optional<Action> action,
        String note) {

    /** Whether a policy matched the file, or why it could not be used. */
    public record PolicyVerdict(String name, int priority, boolean matched, String detail) {
    }
}
