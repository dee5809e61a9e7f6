package io.meridian.placement;

import io.meridian.namespace.LogicalPath;
import io.meridian.placement.capacity.DrainWatcher;
import io.meridian.placement.capacity.Evictor;
import io.meridian.placement.reconcile.ComplianceSweep;
import io.meridian.placement.reconcile.Emitter;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.reconcile.Rescans;
import io.meridian.placement.reconcile.SiloIndex;
import io.meridian.placement.reconcile.TaskState;
import io.meridian.placement.staging.StagingProgress;
import io.meridian.placement.staging.StagingScanner;
import io.meridian.placement.tracking.Tracker;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;
import io.meridian.streams.DeadLetters;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The placement task: FileRecords, MoveResults and operators' controls of its partition go to the {@link Reconciler};
 * a wall-clock punctuator re-reads the global state (a change of policies or silos becomes
 * {@link Rescans} jobs, worked off a bounded batch at a time by a second, faster punctuator),
 * re-issues expired leases and due retries, advances staging requests, evicts above high
 * watermarks and retires drained silos. Time is the task's wall clock, so tests drive it. Each of
 * these features is built from the task's {@link TaskState} with just the parts it uses.
 */
final class PlacementProcessor implements Processor<String, PlacementInput, String, PlacementOutput> {
    /** How often a task starts a compliance pass over its files, and how many files one tick plans for it. */
    static final long COMPLIANCE_INTERVAL_MILLIS = 10_000;
    static final int COMPLIANCE_BATCH = 500;

    private final PlacementSettings settings;
    private final PlacementStores stores;
    private final PlacementMetrics metrics;
    private ProcessorContext<String, PlacementOutput> context;
    private TaskState task;
    private Rescans rescans;
    private StagingScanner staging;
    private Evictor evictor;
    private DrainWatcher drains;
    private ComplianceSweep compliance;

    PlacementProcessor(PlacementSettings settings, PlacementStores stores, PlacementMetrics metrics) {
        this.settings = settings;
        this.stores = stores;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, PlacementOutput> context) {
        this.context = context;
        Forwarder forwarder = new Forwarder();
        task = taskState(context, forwarder);
        rescans = new Rescans(context.getStateStore(stores.rescans()), task.reconciler(), task.index(), settings.rescanBatch());
        staging = new StagingScanner(task.reconciler(), task.tracker(), task.view(), context.getStateStore(stores.staging()),
                forwarder::progress, task.partition(), task.partitions());
        evictor = new Evictor(task.reconciler(), task.index(), task.tracker(), task.view());
        drains = new DrainWatcher(task.reconciler(), task.index(), task.view(), task.emitter(), settings.rescanBatch());
        int partition = task.partition();
        compliance = new ComplianceSweep(task.reconciler(), COMPLIANCE_BATCH, COMPLIANCE_INTERVAL_MILLIS,
                counts -> metrics.compliance(partition, counts));
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(settings.rescanInterval(), PunctuationType.WALL_CLOCK_TIME, rescans::work);
    }

    /** The task's files, index, open commands and view of the global state, built from its stores. */
    private TaskState taskState(ProcessorContext<String, PlacementOutput> context, Emitter emitter) {
        GlobalView view = new GlobalView(context.getStateStore(stores.policies()), context.getStateStore(stores.silos()),
                context.getStateStore(stores.usage()), context.getStateStore(stores.requests()), new TaskClock(context));
        view.refresh();
        Tracker tracker = new Tracker(context.getStateStore(stores.inFlight()), context.getStateStore(stores.stuck()),
                settings.backoff(), settings.awaitRecordMillis());
        KeyValueStore<String, FileRecord> files = context.getStateStore(stores.files());
        SiloIndex index = new SiloIndex(context.getStateStore(stores.siloIndex()), files);
        Reconciler reconciler = new Reconciler(files, index, tracker, view, settings.leaseMillis(), settings.partitions(), emitter);
        return new TaskState(reconciler, index, tracker, view, emitter, context.taskId().partition(), settings.partitions());
    }

    @Override
    public void process(Record<String, PlacementInput> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof PlacementInput.FileChange change) {
            if (!validPath(record, change.record())) {
                return;
            }
            task.reconciler().onFile(record.key(), change.record(), now);
        } else if (record.value() instanceof PlacementInput.Result result && result.result() != null) {
            task.reconciler().onResult(result.result(), now);
        } else if (record.value() instanceof PlacementInput.Control control && control.control() != null) {
            task.reconciler().onControl(control.control(), now);
        }
    }

    private boolean validPath(Record<String, PlacementInput> record, FileRecord value) {
        try {
            LogicalPath.file(record.key());
            if (value != null && !record.key().equals(value.getPath())) {
                throw new IllegalArgumentException("key '" + record.key() + "' is not the record's path '" + value.getPath() + "'");
            }
            return true;
        } catch (IllegalArgumentException e) {
            context.recordMetadata().ifPresent(meta -> context.forward(record
                    .withValue((PlacementOutput) new PlacementOutput.Refused(value))
                    .withHeaders(DeadLetters.headers(record.headers(), "placement", meta.topic(), meta.partition(),
                            meta.offset(), e))));
            return false;
        }
    }

    private void tick(long now) {
        rescans.plan(task.view().refresh());
        rescans.work(now);
        task.reconciler().resendDue(now);
        staging.tick(now);
        evictor.tick(now);
        drains.tick(now);
        compliance.work(now);
        metrics.task(task.partition(), task.tracker().openCount(), task.tracker().stuckCount());
    }

    @Override
    public void close() {
        if (task != null) {
            metrics.taskClosed(task.partition());
        }
    }

    /** Forwards each decision to the branch of its topic, stamped with the task's wall clock. */
    private final class Forwarder implements Emitter {
        @Override
        public void command(MoveCommand command) {
            metrics.issued(command);
            send(command.getPath(), new PlacementOutput.Command(command));
        }

        @Override
        public void notice(PlacementNotice notice) {
            send(notice.getPath(), new PlacementOutput.Notice(notice));
        }

        void progress(StagingProgress progress) {
            send(progress.requestId(), new PlacementOutput.Progress(progress));
        }

        @Override
        public void silo(Silo silo) {
            send(silo.getId(), new PlacementOutput.SiloChange(silo));
        }

        private void send(String key, PlacementOutput value) {
            context.forward(new Record<>(key, value, context.currentSystemTimeMs()));
        }
    }

    /** The task's wall clock as a java.time.Clock, for {@code ageDays} in policies. */
    private static final class TaskClock extends Clock {
        private final ProcessorContext<?, ?> context;

        TaskClock(ProcessorContext<?, ?> context) {
            this.context = context;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(context.currentSystemTimeMs());
        }
    }
}
