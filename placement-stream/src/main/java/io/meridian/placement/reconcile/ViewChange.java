package io.meridian.placement.reconcile;

import io.meridian.placement.policy.CompiledPolicy;
import java.util.List;
import java.util.Set;

/**
 * What changed in the global state between two snapshots, which is what decides the files to
 * re-evaluate: the files a changed policy can match (its old and new versions), the files on a silo
 * whose state alone changed (a drain), or every file when a silo appeared, disappeared or changed
 * otherwise (capacity, site, tier, costs can change any file's ranking).
 *
 * @param policies    the previous and the new version of every added, removed or changed policy
 * @param stateOnly   silos of which only the state changed
 * @param everything  true when every file must be re-evaluated
 */
public record ViewChange(List<CompiledPolicy> policies, Set<String> stateOnly, boolean everything) {
    public static final ViewChange NONE = new ViewChange(List.of(), Set.of(), false);

    public ViewChange {
        policies = List.copyOf(policies);
        stateOnly = Set.copyOf(stateOnly);
    }

    public boolean isEmpty() {
        return policies.isEmpty() && stateOnly.isEmpty() && !everything;
    }
}
