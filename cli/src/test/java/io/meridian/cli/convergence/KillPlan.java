package io.meridian.cli.convergence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When a kill round SIGKILLs which child JVM, and when it starts it again: one or two kills at random
 * operations, each of the movers, the placement stage or both, restarted 0 to 5 operations later (so
 * that commands pile up or results go unread meanwhile). {@link #finish} restarts whatever is still down.
 */
final class KillPlan {
    static final KillPlan NONE = new KillPlan(List.of());

    private record Kill(int at, int restartAt, List<StageProcess> children) {
    }

    private final List<Kill> kills;
    private int done;

    private KillPlan(List<Kill> kills) {
        this.kills = kills;
    }

    static KillPlan random(Random random, int operations, ConvergenceStack stack) {
        List<Kill> kills = new ArrayList<>();
        for (int k = 1 + random.nextInt(2); k > 0; k--) {
            int at = random.nextInt(operations);
            List<StageProcess> children = switch (random.nextInt(3)) {
                case 0 -> List.of(stack.movers());
                case 1 -> List.of(stack.placement());
                default -> List.of(stack.movers(), stack.placement());
            };
            kills.add(new Kill(at, at + random.nextInt(6), children));
        }
        return new KillPlan(kills);
    }

    /** After operation {@code index}: kills what is due, then restarts what is due. */
    void at(int index) throws Exception {
        for (Kill kill : kills) {
            if (kill.at() == index) {
                for (StageProcess child : kill.children()) {
                    if (child.kill()) {
                        done++;
                    }
                }
            }
        }
        for (Kill kill : kills) {
            if (kill.restartAt() == index) {
                for (StageProcess child : kill.children()) {
                    child.ensureRunning();
                }
            }
        }
    }

    /** Restarts every child a kill left down, and waits until it runs. */
    void finish(ConvergenceStack stack) throws Exception {
        if (!kills.isEmpty()) {
            stack.awaitChildren();
        }
    }

    /** SIGKILLs sent so far. */
    int kills() {
        return done;
    }
}
