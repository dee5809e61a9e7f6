package io.meridian.placement.reconcile;

import io.meridian.placement.policy.PathScope;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental re-evaluation after a change of the global state. A change becomes jobs
 * ({@link RescanJob}): the key ranges of the policies that changed, the instances of a silo whose
 * state changed, or every file. {@link #work(long)} re-evaluates at most {@code batch} files per call,
 * from a punctuator, so the stream thread is never blocked for long however many files a task holds;
 * each job's cursor is stored, so a restarted task resumes where it stopped. A job added again for the
 * same scope starts over, since files already visited were judged by the older state.
 */
public final class Rescans {
    private static final Logger LOG = LoggerFactory.getLogger(Rescans.class);

    private final KeyValueStore<String, RescanJob> jobs;
    private final Reconciler reconciler;
    private final SiloIndex index;
    private final int batch;
    private boolean pending;

    public Rescans(KeyValueStore<String, RescanJob> jobs, Reconciler reconciler, SiloIndex index, int batch) {
        this.jobs = jobs;
        this.reconciler = reconciler;
        this.index = index;
        this.batch = batch;
        this.pending = !all().isEmpty();
    }

    /** Turns a change of the global state into jobs. */
    public void plan(ViewChange change) {
        if (change.everything()) {
            add(RescanJob.files(""));
            return;
        }
        List<String> prefixes = new ArrayList<>();
        change.policies().forEach(policy -> prefixes.addAll(policy.pathPrefixes()));
        PathScope.minimal(prefixes).forEach(prefix -> add(RescanJob.files(prefix)));
        change.stateOnly().forEach(silo -> add(RescanJob.silo(silo)));
    }

    /** Starts (or restarts) a job; a job over every file replaces every other job. */
    public void add(RescanJob job) {
        if (job.everything()) {
            all().forEach(other -> jobs.delete(other.key()));
        }
        jobs.put(job.key(), job);
        pending = true;
        LOG.debug("Re-evaluating {} {}", job.kind(), job.scope());
    }

    /** Re-evaluates up to the batch size of files from the pending jobs; returns how many. */
    public int work(long now) {
        if (!pending) {
            return 0;
        }
        int done = 0;
        for (RescanJob job : all()) {
            int[] budget = {batch - done};
            String stoppedAt = job.kind() == RescanJob.Kind.SILO
                    ? index.visit(job.scope(), job.cursor(), path -> {
                        reconciler.reconcile(path, now);
                        return --budget[0] > 0;
                    })
                    : reconciler.visitFiles(job.scope(), job.cursor(), record -> {
                        reconciler.reconcile(record, now);
                        return --budget[0] > 0;
                    });
            done = batch - budget[0];
            if (stoppedAt == null) {
                jobs.delete(job.key());
            } else {
                jobs.put(job.key(), job.at(stoppedAt));
                return done;
            }
        }
        pending = false;
        return done;
    }

    private List<RescanJob> all() {
        List<RescanJob> all = new ArrayList<>();
        try (KeyValueIterator<String, RescanJob> it = jobs.all()) {
            while (it.hasNext()) {
                KeyValue<String, RescanJob> entry = it.next();
                all.add(entry.value);
            }
        }
        return all;
    }
}
