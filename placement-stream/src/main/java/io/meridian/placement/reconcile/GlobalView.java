package io.meridian.placement.reconcile;

import io.meridian.placement.policy.CompiledPolicy;
import io.meridian.placement.request.StagingNeed;
import io.meridian.placement.request.StagingSelector;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One task's snapshot of the global state (policies, silos, silo usage, staging requests), read from
 * the global stores on every tick. Policies are compiled once per change. {@link #refresh()} says
 * what changed in policies and silos since the last snapshot, which decides the files of the task to
 * re-evaluate (DESIGN.md "Partitioning": detect the new version in a punctuator).
 * {@link #input(FileRecord, Collection, Map, Map, Collection, int, Clock)} builds the same input from
 * state read elsewhere, so that {@code meridian explain} plans exactly what a task plans.
 */
public final class GlobalView {
    /**
     * The order in which staging requests claim a file: earliest deadline, then highest priority, then
     * request id, a total order, so that which request's site gets the first copy never depends on
     * the order the requests were read in.
     */
    public static final Comparator<StagingRequest> REQUEST_ORDER = Comparator.comparing(StagingRequest::getDeadline)
            .thenComparing(r -> -r.getPriority()).thenComparing(StagingRequest::getRequestId);

    private final ReadOnlyKeyValueStore<String, Policy> policyStore;
    private final ReadOnlyKeyValueStore<String, Silo> siloStore;
    private final ReadOnlyKeyValueStore<String, SiloUsage> usageStore;
    private final ReadOnlyKeyValueStore<String, StagingRequest> requestStore;
    private final Clock clock;
    private final Map<Policy, CompiledPolicy> compiled = new HashMap<>();
    private List<CompiledPolicy> policies = List.of();
    private Map<String, Silo> silos = Map.of();
    private Map<String, Long> committed = Map.of();
    private List<StagingRequest> requests = List.of();

    public GlobalView(ReadOnlyKeyValueStore<String, Policy> policies, ReadOnlyKeyValueStore<String, Silo> silos,
                      ReadOnlyKeyValueStore<String, SiloUsage> usage, ReadOnlyKeyValueStore<String, StagingRequest> requests,
                      Clock clock) {
        this.policyStore = policies;
        this.siloStore = silos;
        this.usageStore = usage;
        this.requestStore = requests;
        this.clock = clock;
    }

    /** Re-reads every global store and says what changed in policies and silos since the previous snapshot. */
    public ViewChange refresh() {
        Map<String, Policy> rawPolicies = readAll(policyStore);
        Map<Policy, CompiledPolicy> next = new HashMap<>();
        for (Policy policy : rawPolicies.values()) {
            next.put(policy, compiled.containsKey(policy) ? compiled.get(policy) : CompiledPolicy.of(policy, clock));
        }
        List<CompiledPolicy> changed = new ArrayList<>();
        compiled.forEach((policy, c) -> {
            if (!next.containsKey(policy)) {
                changed.add(c);
            }
        });
        next.forEach((policy, c) -> {
            if (!compiled.containsKey(policy)) {
                changed.add(c);
            }
        });
        compiled.clear();
        compiled.putAll(next);
        policies = rawPolicies.values().stream().map(next::get).toList();
        Map<String, Silo> previousSilos = silos;
        silos = Collections.unmodifiableMap(readAll(siloStore)); // in id order: evictions and drains go silo by silo
        committed = committed(readAll(usageStore)); // immutable: every PlanInput until the next tick shares it
        requests = ordered(readAll(requestStore).values());
        return siloChange(previousSilos, changed);
    }

    /**
     * The planner's input for one record from published state read outside the stream (the latest
     * value of each key of meridian.policies, meridian.silos, meridian.silo-usage and
     * meridian.staging-requests, in any order), built as every placement task builds it: policies
     * compiled on {@code clock}, requests in {@link #REQUEST_ORDER}, and each task's share of a silo's
     * free space taken over {@code partitions}, the partition count of meridian.metadata. Bytes in
     * flight are each task's own and unknown outside it, so none are counted.
     */
    public static PlanInput input(FileRecord record, Collection<Policy> policies, Map<String, Silo> silos,
                                  Map<String, SiloUsage> usage, Collection<StagingRequest> requests, int partitions, Clock clock) {
        List<CompiledPolicy> compiled = policies.stream().map(p -> CompiledPolicy.of(p, clock)).toList();
        long now = clock.millis();
        return new PlanInput(record, compiled, silos, committed(usage), Map.of(), partitions, needs(ordered(requests), record, silos, now), now);
    }

    private static Map<String, Long> committed(Map<String, SiloUsage> usage) {
        Map<String, Long> used = new HashMap<>();
        usage.forEach((id, u) -> used.put(id, u.getUsedBytes()));
        return Map.copyOf(used);
    }

    private static List<StagingRequest> ordered(Collection<StagingRequest> requests) {
        List<StagingRequest> sorted = new ArrayList<>(requests);
        sorted.sort(REQUEST_ORDER);
        return List.copyOf(sorted);
    }

    private ViewChange siloChange(Map<String, Silo> previous, List<CompiledPolicy> changedPolicies) {
        if (!previous.keySet().equals(silos.keySet())) {
            return new ViewChange(changedPolicies, Set.of(), true);
        }
        Set<String> stateOnly = new TreeSet<>();
        for (Map.Entry<String, Silo> entry : silos.entrySet()) {
            Silo before = previous.get(entry.getKey());
            if (before.equals(entry.getValue())) {
                continue;
            }
            if (!Silo.newBuilder(before).setState(entry.getValue().getState()).build().equals(entry.getValue())) {
                return new ViewChange(changedPolicies, Set.of(), true);
            }
            stateOnly.add(entry.getKey());
        }
        return new ViewChange(changedPolicies, stateOnly, false);
    }

    /** The planner's input for one record at {@code now}. */
    public PlanInput input(FileRecord record, Map<String, Long> inFlight, int partitions, long now) {
        return new PlanInput(record, policies, silos, committed, inFlight, partitions, needs(requests, record, silos, now), now);
    }

    /**
     * The active requests (pin not over) that select the record, in the given order. A request whose
     * site or tier no silo has is left out: it is reported FAILED with the reason, and plans nothing.
     */
    public static List<StagingNeed> needs(List<StagingRequest> requests, FileRecord record, Map<String, Silo> silos, long now) {
        List<StagingNeed> needs = new ArrayList<>();
        for (StagingRequest request : requests) {
            if (request.getPinUntil().toEpochMilli() > now && StagingSelector.selects(request, record)
                    && placeable(request, silos)) {
                needs.add(StagingNeed.of(request));
            }
        }
        return needs;
    }

    private static boolean placeable(StagingRequest request, Map<String, Silo> silos) {
        try {
            StagingSelector.checkPlace(request, silos.values());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Map<String, Silo> silos() {
        return silos;
    }

    public List<StagingRequest> requests() {
        return requests;
    }

    public Map<String, Long> committed() {
        return committed;
    }

    public long fileCount(String silo) {
        SiloUsage usage = usageStore.get(silo);
        return usage == null ? 0 : usage.getFileCount();
    }

    /**
     * Global stores are shared by every stream thread of the process, and Kafka Streams 4.1's
     * bookkeeping of a store's open iterators is not safe across threads (KAFKA-19906: closing an
     * iterator can remove a metric another thread has not registered yet, and the task dies of a
     * NullPointerException in init). Scans of global stores take turns.
     */
    private static final Object GLOBAL_SCANS = new Object();

    private static <V> Map<String, V> readAll(ReadOnlyKeyValueStore<String, V> store) {
        Map<String, V> all = new TreeMap<>();
        synchronized (GLOBAL_SCANS) {
            try (KeyValueIterator<String, V> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, V> entry = it.next();
                    if (entry.value != null) {
                        all.put(entry.key, entry.value);
                    }
                }
            }
        }
        return all;
    }
}
