package io.meridian.cli.ops;

import io.meridian.cli.place.PolicyFile;
import io.meridian.config.SiloFacts;
import io.meridian.namespace.LogicalPath;
import io.meridian.placement.request.StagingNeed;
import io.meridian.placement.request.StagingSelector;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.PlacementAction;
import io.meridian.schemas.PlacementControl;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What operators do to Meridian, the same for a picocli command and its HTTP twin: tag, apply and
 * remove policies, ask for staging, list it and release it, list and release pins, list, drain and
 * activate silos, list stuck files and retry them. Validation is done here, before anything is sent;
 * a refusal is an IllegalArgumentException whose message says what to fix (exit 1, HTTP 400).
 * Records go out through the process's one {@link Publisher}; reads come from its {@link View}
 * (the process's query store). Thread-safe.
 */
public final class Operations implements AutoCloseable {
    private final Publisher publisher;
    private final View view;
    private final Topic<String, TagCommand> tagCommands;
    private final Topic<String, Policy> policies;
    private final Topic<String, StagingRequest> stagingRequests;
    private final Topic<String, Silo> silos;
    private final Topic<String, PlacementControl> controls;
    private final SchemaRegistry registry;

    private Operations(Publisher publisher, View view, SchemaRegistry registry) {
        this.publisher = publisher;
        this.view = view;
        this.tagCommands = TopicCatalog.TAG_COMMANDS.bind(registry);
        this.policies = TopicCatalog.POLICIES.bind(registry);
        this.stagingRequests = TopicCatalog.STAGING_REQUESTS.bind(registry);
        this.silos = TopicCatalog.SILOS.bind(registry);
        this.controls = TopicCatalog.PLACEMENT_CONTROL.bind(registry);
        this.registry = registry;
    }

    /** Operations that own {@code publisher} and {@code registry}: closing them closes both. */
    public static Operations owning(Publisher publisher, View view, SchemaRegistry registry) {
        return new Operations(publisher, view, registry);
    }

    /** Why the file {@code path} is where it is; empty when meridian.metadata has no record of it. */
    public Optional<Explanation> explain(String path) {
        return Explanation.of(view, path, Clock.systemUTC());
    }

    /** Publishes a tag command (already validated by {@code TagCommands}) keyed by its path. */
    public void tag(TagCommand command) {
        publisher.publish(tagCommands, command.getPath(), command);
    }

    /**
     * Checks the policies of {@code document} as meridian.yaml's are, with place against the silos on
     * meridian.silos, and publishes them all, or none when one is refused.
     */
    public List<Policy> applyPolicies(PolicyFile.Document document, Instant now) {
        List<SiloFacts> known = view.silos().values().stream().map(SiloFacts::of).toList();
        List<Policy> parsed = PolicyFile.parse(document, now.truncatedTo(ChronoUnit.MILLIS), known);
        publisher.publishAll(policies, parsed, Policy::getName);
        parsed.forEach(p -> view.awaitPolicy(p.getName(), p));
        return parsed;
    }

    /** The published policies. */
    public Collection<Policy> policies() {
        return view.policies().values();
    }

    /** Removes a policy (a tombstone); false when there is none of that name. */
    public boolean removePolicy(String name) {
        if (!view.policies().containsKey(name)) {
            return false;
        }
        publisher.publish(policies, name, null);
        view.awaitPolicy(name, null);
        return true;
    }

    /**
     * Publishes a staging request (its fields validated by {@link StagingSelector#validate}), refusing one
     * whose site, or tier at that site, no silo on meridian.silos has: placement would never stage it.
     */
    public void requestStaging(StagingRequest request) {
        StagingSelector.checkPlace(request, view.silos().values());
        publisher.publish(stagingRequests, request.getRequestId(), request);
        view.awaitStagingRequest(request.getRequestId(), true);
    }

    /**
     * Releases a staging request: the tombstone placement takes as "the job no longer needs the data"
     * (its pins end at once). False when no such request is open (never sent, or released already).
     */
    public boolean releaseStaging(String requestId) {
        if (view.stagingRequest(requestId).isEmpty()) {
            return false;
        }
        publisher.publish(stagingRequests, requestId, null);
        view.awaitStagingRequest(requestId, false);
        return true;
    }

    /** The latest status placement published for a staging request. */
    public Optional<StagingStatus> stagingStatus(String requestId) {
        return view.stagingStatus(requestId);
    }

    /** The open staging request {@code requestId}; empty once released (or never sent). */
    public Optional<StagingRequest> stagingRequest(String requestId) {
        return view.stagingRequest(requestId);
    }

    /** An open staging request and its latest status (null until placement has published one). */
    public record Staging(StagingRequest request, StagingStatus status) {
    }

    /** The open staging requests with their status, oldest first (then by id). */
    public List<Staging> stagingRequests() {
        return view.stagingRequests().stream()
                .sorted(Comparator.comparing(StagingRequest::getCreatedAt).thenComparing(StagingRequest::getRequestId))
                .map(r -> new Staging(r, view.stagingStatus(r.getRequestId()).orElse(null))).toList();
    }

    /**
     * A staged copy that must stay where it is: the present instance of {@code path} on {@code silo}
     * (at {@code site}), pinned by the open staging request {@code requestId} of job {@code jobId}
     * until {@code until}.
     */
    public record Pin(String path, String silo, String site, Instant until, String requestId, String jobId) {
    }

    /**
     * The staging pins in force at {@code now}, by path, silo and request, derived as placement derives
     * them ({@code Pins}): a present instance, on a known silo at the site (and tier, when given) of an
     * open request that selects the file and whose pin-until is after {@code now}. {@code path} (a file,
     * or a directory ending in '/') and {@code requestId} narrow the answer when not null. Pins a
     * policy's {@code pin} holds are not staging pins and are not listed ({@code explain} names them).
     */
    public List<Pin> pins(Instant now, String path, String requestId) {
        String under = path == null ? null : pinPath(path);
        Map<String, Silo> known = view.silos();
        List<Pin> pins = new ArrayList<>();
        for (StagingRequest request : view.stagingRequests()) {
            if (requestId != null && !requestId.equals(request.getRequestId()) || !request.getPinUntil().isAfter(now)) {
                continue;
            }
            StagingNeed need = StagingNeed.of(request);
            List<String> prefixes = request.getPrefixes().isEmpty() ? List.of("/") : request.getPrefixes();
            Set<String> seen = new HashSet<>();
            for (String prefix : prefixes) {
                for (FileRecord record : view.filesUnder(prefix)) {
                    if (!seen.add(record.getPath()) || !StagingSelector.selects(request, record) || !covers(under, record.getPath())) {
                        continue;
                    }
                    for (Instance instance : record.getInstances()) {
                        Silo silo = known.get(instance.getSilo());
                        if (silo != null && instance.getState() == InstanceState.PRESENT && need.metAt(silo)) {
                            pins.add(new Pin(record.getPath(), silo.getId(), silo.getSite(), request.getPinUntil(),
                                    request.getRequestId(), request.getJobId()));
                        }
                    }
                }
            }
        }
        pins.sort(Comparator.comparing(Pin::path).thenComparing(Pin::silo).thenComparing(Pin::requestId));
        return pins;
    }

    /**
     * Ends pins: a staging pin is its request's, so releasing it releases the request (as
     * {@link #releaseStaging}: its pins on every file end at once, and its copies return to normal
     * policy). With {@code requestId}, that request; with {@code path} (a file, or a directory ending
     * in '/'), every request pinning something there at {@code now}. Returns the ids released; an
     * IllegalArgumentException when there is nothing to release (no such open request, nothing pinned
     * there) or neither or both of {@code requestId} and {@code path} are given.
     */
    public List<String> releasePins(String requestId, String path, Instant now) {
        if ((requestId == null) == (path == null)) {
            throw new IllegalArgumentException("give either a request id or a path, not " + (path == null ? "neither" : "both"));
        }
        if (requestId != null) {
            if (!releaseStaging(requestId)) {
                throw new IllegalArgumentException("no open staging request '" + requestId + "' on " + Topics.STAGING_REQUESTS);
            }
            return List.of(requestId);
        }
        List<String> owners = pins(now, path, null).stream().map(Pin::requestId).distinct().sorted().toList();
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("nothing under " + path + " is pinned by a staging request");
        }
        List<String> released = new ArrayList<>();
        for (String owner : owners) {
            if (releaseStaging(owner)) {
                released.add(owner);
            }
        }
        return released;
    }

    /** {@code path} checked as a logical file or directory (ending in '/'). */
    private static String pinPath(String path) {
        return path.endsWith("/") ? LogicalPath.directory(path) : LogicalPath.file(path);
    }

    private static boolean covers(String under, String path) {
        return under == null || (under.endsWith("/") ? path.startsWith(under) : path.equals(under));
    }

    /** The silo {@code id} on meridian.silos; an unknown id is an IllegalArgumentException listing the known ones. */
    public Silo silo(String id) {
        Map<String, Silo> known = view.silos();
        Silo silo = known.get(id);
        if (silo == null) {
            throw new IllegalArgumentException("no silo '" + id + "' on " + Topics.SILOS + " (known silos: "
                    + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known.keySet()))) + ")");
        }
        return silo;
    }

    /** Every silo on meridian.silos with its latest usage (null when never measured), by id. */
    public List<SiloReport> siloReports() {
        Map<String, SiloUsage> usage = view.usage();
        return view.silos().values().stream().sorted(java.util.Comparator.comparing(Silo::getId))
                .map(s -> new SiloReport(s, usage.get(s.getId()))).toList();
    }

    /** The silo {@code id} with its latest usage; unknown ids as {@link #silo}. */
    public SiloReport siloReport(String id) {
        return new SiloReport(silo(id), view.usage().get(id));
    }

    /**
     * Publishes silo {@code id} as DRAINING: placement empties it, then marks it RETIRED. Refused for
     * a retired silo (nothing to drain) and an unknown one; draining a draining silo changes nothing.
     */
    public Silo drain(String id) {
        Silo silo = silo(id);
        if (silo.getState() == SiloState.RETIRED) {
            throw new IllegalArgumentException("silo '" + id + "' is already retired; 'meridian silo activate " + id
                    + "' returns it to service");
        }
        Silo draining = Silo.newBuilder(silo).setState(SiloState.DRAINING).build();
        publisher.publish(silos, id, draining);
        return draining;
    }

    /**
     * Publishes silo {@code id} as ACTIVE again: a draining silo stops draining (what was moved off it
     * stays where it went), a retired one takes files again. Refused for a silo that is already active.
     */
    public Silo activate(String id) {
        Silo silo = silo(id);
        if (silo.getState() == SiloState.ACTIVE) {
            throw new IllegalArgumentException("silo '" + id + "' is already active");
        }
        Silo active = Silo.newBuilder(silo).setState(SiloState.ACTIVE).build();
        publisher.publish(silos, id, active);
        return active;
    }

    /** The files placement gave up on, in path order. */
    public List<StuckRow> stuck() {
        return view.stuck();
    }

    /**
     * Asks placement to retry stuck files: {@code path}, or every stuck file when {@code path} is null.
     * Each gets a RETRY on meridian.placement-control, keyed by its path, so the task that parked it
     * releases it and plans it again. A path that is not stuck is refused (nothing is sent); returns
     * the paths sent (none when nothing is stuck and {@code path} is null).
     */
    public List<String> retryStuck(String path, String requestedBy) {
        List<String> paths;
        if (path == null) {
            paths = view.stuck().stream().map(StuckRow::path).toList();
        } else {
            LogicalPath.file(path);
            if (view.stuck().stream().noneMatch(s -> s.path().equals(path))) {
                throw new IllegalArgumentException("'" + path + "' is not stuck; 'meridian stuck ls' lists the stuck files");
            }
            paths = List.of(path);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<PlacementControl> retries = paths.stream().map(p -> PlacementControl.newBuilder().setPath(p)
                .setAction(PlacementAction.RETRY).setRequestedBy(requestedBy).setAt(now).build()).toList();
        publisher.publishAll(controls, retries, PlacementControl::getPath);
        return paths;
    }

    @Override
    public void close() {
        publisher.close();
        registry.close();
    }
}
