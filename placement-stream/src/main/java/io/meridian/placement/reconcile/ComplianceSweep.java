package io.meridian.placement.reconcile;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks a task's files a bounded batch at a time, planning each (read-only: nothing is issued) to
 * count per policy the files it matches, and of those it decides for, whether it is carried out
 * ({@link PolicyCompliance}). When a
 * pass ends, its counts go to {@code sink}; the next pass starts {@code interval} after the last one
 * started, so a task that holds few files does little work and one that holds many is busy for at
 * most {@code batch} plans per call.
 */
public final class ComplianceSweep {
    private final Reconciler reconciler;
    private final int batch;
    private final long intervalMillis;
    private final Consumer<Map<String, PolicyCompliance>> sink;
    private Map<String, PolicyCompliance> counts;
    private String cursor;
    private long passStarted = Long.MIN_VALUE;

    public ComplianceSweep(Reconciler reconciler, int batch, long intervalMillis, Consumer<Map<String, PolicyCompliance>> sink) {
        this.reconciler = reconciler;
        this.batch = batch;
        this.intervalMillis = intervalMillis;
        this.sink = sink;
    }

    /** Plans the next batch of the running pass, or starts a pass when one is due. */
    public void work(long now) {
        if (counts == null) {
            if (passStarted != Long.MIN_VALUE && now - passStarted < intervalMillis) {
                return;
            }
            counts = new HashMap<>();
            cursor = null;
            passStarted = now;
        }
        int[] planned = {0};
        // visitFiles resumes after the path it stopped at: stop only after planning that file
        cursor = reconciler.visitFiles("", cursor, record -> {
            Plan plan = Planner.plan(reconciler.input(record, now));
            for (Plan.PolicyVerdict verdict : plan.policies()) {
                if (verdict.matched()) {
                    counts.put(verdict.name(), counts.getOrDefault(verdict.name(), PolicyCompliance.NONE).matched());
                }
            }
            if (plan.winner() != null) {
                boolean aligned = plan.action().isEmpty() && plan.actual().containsAll(plan.desired());
                counts.put(plan.winner(), counts.getOrDefault(plan.winner(), PolicyCompliance.NONE).decided(aligned));
            }
            return ++planned[0] < batch;
        });
        if (cursor == null) {
            sink.accept(Map.copyOf(counts));
            counts = null;
        }
    }
}
