package io.meridian.cli.convergence;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one seed.
 *
 * @param seed       the seed; {@link #replay} runs it again
 * @param namespace  the directory (and key prefix) under every silo root the seed wrote in
 * @param killRound  whether movers and placement were SIGKILLed during the operations
 * @param converged  whether the view equalled storage (and, in a kill round, every target placement was
 *                   reached) within the bound
 * @param millis     from asking every watcher for a reconcile pass until converged, or until the bound
 * @param problems   what still differed at the bound (one line each), empty when converged
 * @param lost       live files whose current content was in no silo at the end
 * @param corrupt    instances whose bytes were never written at their path
 * @param kills      child JVMs SIGKILLed
 * @param summary    what the operations were
 * @param histories  what the harness did to each path named in a problem other than a hook leftover
 */
public record SeedResult(long seed, String namespace, boolean killRound, boolean converged, long millis,
                         List<String> problems, List<String> lost, List<String> corrupt, int kills, String summary,
                         List<String> histories) {
    public SeedResult {
        problems = List.copyOf(problems);
        histories = List.copyOf(histories);
        lost = List.copyOf(lost);
        corrupt = List.copyOf(corrupt);
    }

    /**
     * What kind of problem a line is: its text before the first colon, e.g. "extra in the view" or
     * "cold-to-archive not reached"; an extra instance that only a hook event named is told apart.
     */
    public static String kind(String problem) {
        String kind = problem.substring(0, Math.max(0, problem.indexOf(':')));
        return problem.endsWith(Verdict.GHOST) ? kind + " (hook event for a missing file)" : kind;
    }

    /** Kind to number of lines, over problems, lost and corrupt files. */
    public Map<String, Integer> kinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (List<String> lines : List.of(problems, lost, corrupt)) {
            lines.forEach(p -> kinds.merge(kind(p), 1, Integer::sum));
        }
        return kinds;
    }

    /** Converged, and nothing lost or corrupt. */
    public boolean ok() {
        return converged && lost.isEmpty() && corrupt.isEmpty();
    }

    /** The command lines that run this seed alone again (same operations; interleavings with movers differ). */
    public String replay() {
        return "mvn -B -o -pl cli test -Dtest=ConvergenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dconvergence.seed=" + seed
                + "   or   bench/run convergence 1 " + seed;
    }

    /** One line when all is well; the seed, every problem and the replay command when not. */
    public String report() {
        String head = String.format("convergence: seed %d%s (%s): %s in %d ms; %s", seed, killRound ? " [kill round]" : "",
                namespace, ok() ? "converged" : "DIVERGED", millis, summary);
        if (ok()) {
            return head;
        }
        StringBuilder out = new StringBuilder(head);
        // hook-event leftovers are many and alike: the rarer kinds first
        problems.stream().sorted(Comparator.comparing(p -> p.endsWith(Verdict.GHOST))).forEach(p -> out.append("\n  ").append(p));
        lost.forEach(p -> out.append("\n  ").append(p));
        corrupt.forEach(p -> out.append("\n  ").append(p));
        histories.forEach(h -> out.append("\n  ").append(h));
        return out.append("\n  replay: ").append(replay()).toString();
    }
}
