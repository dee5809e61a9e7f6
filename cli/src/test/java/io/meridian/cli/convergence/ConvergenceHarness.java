package io.meridian.cli.convergence;

import io.meridian.cli.convergence.Snapshot.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seeded convergence run (issue #14, DESIGN.md invariants 1 and 10) over one shared
 * {@link ConvergenceStack}. Per seed, in a namespace of its own: 30 to 80 random operations
 * ({@link Workload}) with their S3 notifications shuffled, late, doubled and dropped
 * ({@link NotificationFeed}), a restart of every watcher at a random operation and, in a kill round,
 * SIGKILLs of the movers and the placement child JVMs at random operations; then one reconcile pass of
 * every watcher, and a wait until {@code SELECT path, silo, size FROM instances WHERE state = 'present'}
 * equals what the silos hold, mover copies keep their verified CRC32C, and (kill rounds) every
 * policy's target placement is reached. Files lost or corrupt are counted in every round.
 *
 * <p>Every choice comes from the seed, so a seed replays its operations (see {@link SeedResult#replay}).
 * One seed in {@value #KILL_EVERY} is a kill round, decided by the seed itself.
 */
public final class ConvergenceHarness implements AutoCloseable {
    static final int KILL_EVERY = 6;
    private static final long POLL_MILLIS = 250;
    private static final Pattern PATH = Pattern.compile(ConvergenceStack.MOUNT + "/[^\\s,\\]]+");
    /**
     * A sweep retires only what the view learnt before its start less 1 s (what arrives while it runs
     * may be a file being made): the reconcile pass is asked for this long after the last operation.
     */
    private static final long SETTLE_MILLIS = 2_000;

    private final ConvergenceStack stack;
    private final Snapshot snapshot;
    private int rounds;

    private ConvergenceHarness(ConvergenceStack stack) {
        this.stack = stack;
        this.snapshot = new Snapshot(stack);
    }

    /** Starts the shared stack under {@code home}. */
    public static ConvergenceHarness start(Path home) throws Exception {
        return new ConvergenceHarness(ConvergenceStack.start(home));
    }

    /** Whether {@code seed} is a kill round. */
    public static boolean isKillRound(long seed) {
        return Math.floorMod(seed, KILL_EVERY) == 0;
    }

    /** Runs one seed; waits at most {@code bound} for convergence after the reconcile request. */
    public SeedResult run(long seed, Duration bound) throws Exception {
        String namespace = "s" + seed + "-r" + rounds++;
        Random random = new Random(seed);
        boolean killRound = isKillRound(seed);
        int operations = 30 + random.nextInt(51);
        int restartAt = random.nextInt(operations);
        KillPlan kills = killRound ? KillPlan.random(random, operations, stack) : KillPlan.NONE;
        FileModel model = new FileModel();
        long started = System.nanoTime();
        Workload workload;
        String notifications;
        try (NotificationFeed feed = new NotificationFeed(stack.kafka(), random)) {
            workload = new Workload(random, namespace, new SiloWriter(stack, feed), model);
            for (int i = 0; i < operations; i++) {
                workload.step();
                feed.step();
                kills.at(i);
                if (i == restartAt) {
                    stack.restartWatchers();
                }
            }
            feed.flush();
            notifications = feed.summary();
        }
        kills.finish(stack);
        Thread.sleep(SETTLE_MILLIS);
        String summary = String.format("%d operations in %.1f s (%d skipped), %d hook events for missing files, watchers"
                        + " restarted after operation %d, %s%s", operations, (System.nanoTime() - started) / 1e9,
                workload.skipped(), model.ghosts(), restartAt + 1, notifications, killRound ? ", " + kills.kills() + " SIGKILLs" : "");
        return awaitConvergence(seed, namespace, killRound, model, bound, kills.kills(), summary);
    }

    private SeedResult awaitConvergence(long seed, String namespace, boolean killRound, FileModel model, Duration bound,
                                        int kills, String summary) throws Exception {
        long started = System.nanoTime();
        long deadline = started + bound.toNanos();
        stack.reconcileAll();
        List<String> problems;
        Map<Row, Long> storage;
        while (true) {
            storage = snapshot.storage(namespace);
            problems = new ArrayList<>(stack.childProblems());
            problems.addAll(Verdict.divergence(storage, snapshot.view(namespace), model));
            if (killRound) {
                problems.addAll(Verdict.placement(storage, model));
            }
            if (problems.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<String> lost = Verdict.lost(storage, model);
        List<String> corrupt = Verdict.corrupt(storage, model);
        return new SeedResult(seed, namespace, killRound, problems.isEmpty(), millis, problems, lost, corrupt, kills, summary,
                histories(model, problems, lost, corrupt));
    }

    /** "history of PATH: ..." for every path a problem names, hook leftovers aside (their history is one hook event). */
    private static List<String> histories(FileModel model, List<String> problems, List<String> lost, List<String> corrupt) {
        Set<String> paths = new TreeSet<>();
        for (List<String> lines : List.of(problems, lost, corrupt)) {
            lines.stream().filter(line -> !line.endsWith(Verdict.GHOST)).forEach(line -> {
                Matcher path = PATH.matcher(line);
                if (path.find()) {
                    paths.add(path.group());
                }
            });
        }
        return paths.stream().map(p -> "history of " + p + ": " + model.history(p)).toList();
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
