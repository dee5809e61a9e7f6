package io.meridian.placement;

import io.meridian.placement.reconcile.PolicyCompliance;
import io.meridian.placement.staging.StagingMetrics;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The meters of the placement stage, shared by its tasks (each reports its own figures under its
 * partition; a gauge is the sum over the tasks this process runs):
 * <ul>
 *   <li>{@code meridian_placement_commands_issued_total{op,reason}}: move commands sent, re-issues
 *       included; reason is the kind of {@code MoveCommand.reason}: policy, staging, drain or evict;</li>
 *   <li>{@code meridian_placement_commands_in_flight}: files with a command open (at a mover, waiting
 *       for the metadata table, or backing off before a retry);</li>
 *   <li>{@code meridian_placement_files_stuck}: files placement gave up on after their last attempt;</li>
 *   <li>{@code meridian_placement_policy_files{policy,state}}: per policy, the files its condition
 *       holds for ({@code state="matching"}) and, of those it decides for, the ones where it is carried
 *       out ({@code aligned}) and the rest ({@code misaligned}), as {@code GET /v1/compliance} defines
 *       them ({@link PolicyCompliance}), from the last complete compliance pass of each task
 *       ({@link io.meridian.placement.reconcile.ComplianceSweep});</li>
 *   <li>the staging meters ({@link StagingMetrics}) and the stage's consumer lag
 *       ({@code meridian_placement_consumer_lag_records}, registered by {@link PlacementApp}).</li>
 * </ul>
 * Every op and reason kind, and every policy of the config, is registered at construction, at zero;
 * a policy created later is added when a pass first finds it.
 */
public final class PlacementMetrics {
    /** The kinds of {@code MoveCommand.reason}. */
    public static final List<String> REASONS = List.of("policy", "staging", "drain", "evict");
    /** The states of {@code meridian_placement_policy_files}. */
    public static final List<String> COMPLIANCE_STATES = List.of("matching", "aligned", "misaligned");

    private record TaskFigures(int inFlight, int stuck) {
    }

    private final MeterRegistry registry;
    private final StagingMetrics staging;
    private final Map<Integer, TaskFigures> tasks = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, PolicyCompliance>> compliance = new ConcurrentHashMap<>();
    private final Set<String> policies = ConcurrentHashMap.newKeySet();

    /** Registers every meter on {@code registry}, with the compliance series of {@code policyNames}. */
    public PlacementMetrics(MeterRegistry registry, Collection<String> policyNames) {
        this.registry = registry;
        this.staging = new StagingMetrics(registry);
        for (MoveOp op : MoveOp.values()) {
            REASONS.forEach(reason -> issued(op.name(), reason));
        }
        Gauge.builder("meridian.placement.commands.in.flight", tasks, t -> sum(t, TaskFigures::inFlight))
                .description("Files with a move command open in this process's placement tasks").register(registry);
        Gauge.builder("meridian.placement.files.stuck", tasks, t -> sum(t, TaskFigures::stuck))
                .description("Files placement gave up on after their last attempt").register(registry);
        policyNames.forEach(this::policy);
    }

    /** Meters on a registry of their own (tests). */
    public static PlacementMetrics unregistered() {
        return new PlacementMetrics(new SimpleMeterRegistry(), List.of());
    }

    /** The staging meters. */
    public StagingMetrics staging() {
        return staging;
    }

    /** The registry the meters are on. */
    public MeterRegistry registry() {
        return registry;
    }

    void issued(MoveCommand command) {
        issued(command.getOp().name(), reasonKind(command.getReason())).increment();
    }

    /** The kind of a command's reason: policy (a policy's name), staging, drain or evict. */
    static String reasonKind(String reason) {
        int colon = reason == null ? -1 : reason.indexOf(':');
        String kind = colon < 0 ? "policy" : reason.substring(0, colon);
        return REASONS.contains(kind) ? kind : "policy";
    }

    void task(int partition, int inFlight, int stuck) {
        tasks.put(partition, new TaskFigures(inFlight, stuck));
    }

    /** The result of a complete compliance pass of the task of {@code partition}. */
    public void compliance(int partition, Map<String, PolicyCompliance> byPolicy) {
        byPolicy.keySet().forEach(this::policy);
        compliance.put(partition, Map.copyOf(byPolicy));
    }

    /** The task of {@code partition} left this process: its figures no longer count here. */
    void taskClosed(int partition) {
        tasks.remove(partition);
        compliance.remove(partition);
    }

    private Counter issued(String op, String reason) {
        return Counter.builder("meridian.placement.commands.issued").tag("op", op).tag("reason", reason)
                .description("Move commands placement sent, re-issues included, by op and reason kind").register(registry);
    }

    private void policy(String name) {
        if (!policies.add(name)) {
            return;
        }
        List<ToLongFunction<PolicyCompliance>> figures = List.of(PolicyCompliance::matching, PolicyCompliance::aligned,
                PolicyCompliance::misaligned);
        for (int i = 0; i < COMPLIANCE_STATES.size(); i++) {
            ToLongFunction<PolicyCompliance> figure = figures.get(i);
            Gauge.builder("meridian.placement.policy.files", compliance, c -> c.values().stream()
                            .mapToLong(byPolicy -> figure.applyAsLong(byPolicy.getOrDefault(name, PolicyCompliance.NONE))).sum())
                    .tag("policy", name).tag("state", COMPLIANCE_STATES.get(i))
                    .description("Files a policy's condition holds for (matching); of those it decides for, where it is carried out (aligned) or not yet (misaligned)")
                    .register(registry);
        }
    }

    private static double sum(Map<Integer, TaskFigures> tasks, ToLongFunction<TaskFigures> figure) {
        return tasks.values().stream().mapToLong(figure).sum();
    }
}
