package io.meridian.cli.ops;

import io.meridian.query.store.MoveRow;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operations read: the published silos and their usage, policies, staging requests and staging status,
 * the file records (for pins), and the files placement gave up on, as the process's query store holds
 * them ({@link StoreView}): the HTTP routes answer from memory, and the CLI asks the routes.
 */
public interface View {

    /** The silos on meridian.silos by id, whatever their state. */
    Map<String, Silo> silos();

    /** The latest usage of each silo on meridian.silo-usage, by silo id (a silo never measured has none). */
    Map<String, SiloUsage> usage();

    /** The files placement holds as stuck (its placement-stuck changelog), in path order; none before placement ran. */
    List<StuckRow> stuck();

    /** The policies on meridian.policies by name. */
    Map<String, Policy> policies();

    /** The latest status of a staging request, if placement has published one. */
    Optional<StagingStatus> stagingStatus(String requestId);

    /** The open staging request {@code requestId} on meridian.staging-requests; empty once released (or never sent). */
    Optional<StagingRequest> stagingRequest(String requestId);

    /** The open staging requests on meridian.staging-requests (not released), in no particular order. */
    Collection<StagingRequest> stagingRequests();

    /** The records of meridian.metadata whose path starts with {@code prefix} ("/" for every file). */
    Collection<FileRecord> filesUnder(String prefix);

    /** Returns once {@link #stagingRequest} is open (or released), as this process has just published it. */
    void awaitStagingRequest(String requestId, boolean open);

    /** The record of the file {@code path} on meridian.metadata, if there is one. */
    Optional<FileRecord> file(String path);

    /** The moves of {@code path} placement has issued and no mover has answered yet (among the recent moves). */
    List<MoveRow> openMoves(String path);

    /** How many partitions meridian.metadata has (each placement task fills its share of a silo's free space). */
    int metadataPartitions();

    /**
     * Returns once a policy this process has just published ({@code policy}, null for a removal) is
     * what {@link #policies} answers for {@code name}, so a read after a write sees it.
     */
    void awaitPolicy(String name, Policy policy);
}
