package io.meridian.classifier.metadata;

import io.meridian.classifier.metadata.InputValidator.InvalidInputException;
import io.meridian.classifier.tags.DirectoryTags;
import io.meridian.classifier.tags.EffectiveTags;
import io.meridian.classifier.tags.TagUpdate;
import io.meridian.classifier.usage.PendingUsage;
import io.meridian.classifier.usage.UsageDeltas;
import io.meridian.events.Sequencer;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.Silo;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the FileRecords of one partition: applies file events (ordered per instance), tag commands,
 * move results and access events, and emits every changed record, the usage deltas it causes, and
 * dead letters for invalid inputs. Directory tag commands reach every task (they are broadcast); each
 * task keeps its own copy of the directory tags and re-emits its own files below the directory,
 * found with one prefix scan of its sorted store.
 */
public final class FileRecordProcessor implements Processor<String, Input, String, Output> {
    private static final Logger LOG = LoggerFactory.getLogger(FileRecordProcessor.class);
    /** How often summed usage deltas leave the task; bounds how stale meridian.silo-usage is. */
    private static final Duration USAGE_FLUSH = Duration.ofMillis(250);
    /** Old deletes are forgotten a slice at a time, so that a punctuation never stalls the task for long. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final int PRUNE_BATCH = 5_000;
    /** Rules over time are re-evaluated a slice of files at a time: a pass over 1M files of a task takes ~1 h. */
    private static final Duration AGE_SWEEP_INTERVAL = Duration.ofSeconds(20);
    private static final int AGE_SWEEP_BATCH = 5_000;

    private final RecordFinisher finisher;
    private final ClassifierCounters counters;
    private final Function<Input, byte[]> rawValue;
    private final ClassifierStores names;
    private ProcessorContext<String, Output> context;
    private final Serde<FileRecord> metadataSerde;
    private FileStore files;
    private KeyValueStore<String, Map<String, String>> deletes;
    private DirectoryTags directories;
    private InputValidator validator;
    private final Clock clock;
    private PendingUsage usage;

    /** {@code clock} bounds the times of input events (see {@link io.meridian.events.FileEventRules}). */
    public FileRecordProcessor(RecordFinisher finisher, ClassifierCounters counters, Function<Input, byte[]> rawValue,
                               ClassifierStores names, Serde<FileRecord> metadataSerde, Clock clock) {
        this.finisher = finisher;
        this.clock = clock;
        this.metadataSerde = metadataSerde;
        this.counters = counters;
        this.rawValue = rawValue;
        this.names = names;
    }

    @Override
    public void init(ProcessorContext<String, Output> context) {
        this.context = context;
        this.files = new FileStore(context.getStateStore(names.files()), metadataSerde);
        this.deletes = context.getStateStore(names.deletes());
        this.directories = new DirectoryTags(context.getStateStore(names.directoryTags()));
        KeyValueStore<String, Silo> silos = context.getStateStore(names.silos());
        this.validator = new InputValidator(new SiloLookup(silos::get, System::nanoTime), clock);
        this.usage = new PendingUsage(context.getStateStore(names.pendingUsage()));
        context.schedule(USAGE_FLUSH, PunctuationType.WALL_CLOCK_TIME, this::flushUsage);
        DeletePruner pruner = new DeletePruner(deletes, Topics.EVENT_RETENTION, PRUNE_BATCH);
        context.schedule(PRUNE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> pruner.prune(Instant.ofEpochMilli(now)));
        if (finisher.timeDependent()) {
            AgeSweep sweep = new AgeSweep(files, AGE_SWEEP_BATCH);
            context.schedule(AGE_SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sweep.sweep(stored -> commit(
                    stored.getPath(), stored, RecordFinisher.copyOf(stored), Instant.ofEpochMilli(now))));
        }
    }

    @Override
    public void process(Record<String, Input> record) {
        Input input = record.value();
        if (input != null) {
            counters.incrementEvents(input.kind());
        }
        try {
            validator.check(record.key(), input);
        } catch (InvalidInputException e) {
            deadLetter(record, e);
            return;
        }
        Instant now = Instant.ofEpochMilli(record.timestamp());
        switch (input.kind()) {
            case FILE_EVENT -> fileEvent(input.fileEvent(), now);
            case FILE_TAGS -> fileTags(input.tagCommand(), now);
            case DIRECTORY_TAGS -> directoryTags(input.tagCommand(), now);
            case MOVE_RESULT -> {
                FileRecord stored = stored(record.key());
                commit(record.key(), stored, RecordAttributes.verified(stored, input.moveResult()), now);
            }
            case ACCESS -> {
                FileRecord stored = stored(record.key());
                commit(record.key(), stored, RecordAttributes.accessed(stored, input.accessEvent()), now);
            }
            default -> throw new IllegalStateException("unknown input kind " + input.kind());
        }
    }

    private void fileEvent(FileEvent event, Instant now) {
        String path = event.getPath();
        FileRecord stored = stored(path);
        FileRecord candidate = stored == null ? RecordFinisher.empty(path, now) : RecordFinisher.copyOf(stored);
        List<Instance> instances = InstanceMerge.copy(candidate.getInstances());
        // A silo's delete is remembered only while it has no instance (an instance replaces it), so an
        // event about an existing instance, other than its delete, needs no read of the deletes store:
        // one RocksDB read less for the commonest event, a change of a known file.
        boolean readDeletes = event.getType() == FileEventType.DELETE || InstanceMerge.find(instances, event.getSilo()) == null;
        Map<String, String> deleted = readDeletes ? deletes.get(path) : null;
        Map<String, String> seqs = deleted == null ? new HashMap<>() : new HashMap<>(deleted);
        boolean sameContent = InstanceMerge.sameContent(InstanceMerge.find(instances, event.getSilo()), event);
        boolean newer = Sequencer.isNewer(event.getSequencer(), InstanceMerge.storedSequencer(instances, seqs, event.getSilo()));
        if (!InstanceMerge.apply(instances, seqs, event)) {
            long stale = counters.incrementStale();
            LOG.debug("Dropped stale event for {} in silo {} (sequencer {}; {} stale so far)",
                    path, event.getSilo(), event.getSequencer(), stale);
            return;
        }
        if (seqs.isEmpty()) {
            if (deleted != null) {
                deletes.delete(path);
            }
        } else {
            deletes.put(path, seqs);
        }
        candidate.setInstances(instances);
        if (event.getType() != FileEventType.DELETE) {
            fileAttributes(candidate, event, newer, sameContent);
        }
        commit(path, stored, candidate, now);
    }

    /**
     * A newer event sets the file's type, mode and owner, except that one of unchanged content that
     * knows neither (an S3 listing) keeps the preserved mode and owner; an older event of the same
     * content (which only added a verified CRC32C) fills in only what is unknown.
     */
    private static void fileAttributes(FileRecord candidate, FileEvent event, boolean newer, boolean sameContent) {
        if (!newer) {
            candidate.setMode(candidate.getMode() != null ? candidate.getMode() : event.getMode());
            candidate.setOwner(candidate.getOwner() != null ? candidate.getOwner() : event.getOwner());
            return;
        }
        candidate.setFileType(event.getFileType());
        boolean keep = sameContent && event.getMode() == null && event.getOwner() == null;
        candidate.setMode(keep ? candidate.getMode() : event.getMode());
        candidate.setOwner(keep ? candidate.getOwner() : event.getOwner());
    }

    private void fileTags(TagCommand command, Instant now) {
        String path = command.getPath();
        FileRecord stored = stored(path);
        FileRecord candidate = stored == null ? RecordFinisher.empty(path, now) : RecordFinisher.copyOf(stored);
        candidate.setTags(TagUpdate.apply(EffectiveTags.own(candidate.getTags()), command));
        commit(path, stored, candidate, now);
    }

    private void directoryTags(TagCommand command, Instant now) {
        String directory = command.getPath();
        Map<String, Tag> current = directories.get(directory);
        directories.put(directory, TagUpdate.apply(current == null ? Map.of() : current, command));
        int changed = 0;
        try (KeyValueIterator<String, FileRecord> below = files.prefixScan(directory)) {
            while (below.hasNext()) {
                FileRecord stored = below.next().value;
                changed += commit(stored.getPath(), stored, RecordFinisher.copyOf(stored), now) ? 1 : 0;
            }
        }
        LOG.info("Directory tags of {} set by {}: re-emitted {} file(s) of task {}", directory, command.getActor(),
                changed, context.taskId());
    }

    /** Finishes and stores a candidate; emits the record and usage deltas when it changed. */
    private boolean commit(String path, FileRecord stored, FileRecord candidate, Instant now) {
        if (candidate == null) {
            return false;
        }
        FileRecord next = finisher.finish(stored, candidate, directories::get, now);
        if (next == null) {
            return false;
        }
        boolean keep = !next.getInstances().isEmpty() || !EffectiveTags.own(next.getTags()).isEmpty();
        byte[] encoded = null;
        if (keep) {
            encoded = files.put(path, next);
        } else {
            files.delete(path);
        }
        counters.incrementApplied();
        boolean visibleBefore = stored != null && !stored.getInstances().isEmpty();
        if (!next.getInstances().isEmpty()) {
            context.forward(new Record<>(path, Output.metadata(encoded), now.toEpochMilli()));
        } else if (visibleBefore) {
            context.forward(new Record<>(path, Output.metadata(null), now.toEpochMilli()));
        }
        usage.add(UsageDeltas.between(stored, next, now));
        return true;
    }

    private void flushUsage(long timestamp) {
        usage.drain(Instant.ofEpochMilli(timestamp),
                sum -> context.forward(new Record<>(sum.getSilo(), Output.usage(sum), timestamp)));
    }

    private FileRecord stored(String path) {
        return files.get(path);
    }

    private void deadLetter(Record<String, Input> record, InvalidInputException reason) {
        Input input = record.value();
        boolean broadcastCopy = input != null && input.kind() == Input.Kind.DIRECTORY_TAGS
                && context.recordMetadata().map(m -> m.partition() != 0).orElse(false);
        if (broadcastCopy) {
            return; // every task got this directory command; the task of partition 0 reports it once
        }
        counters.incrementDeadLettered();
        var meta = context.recordMetadata();
        String topic = input == null ? meta.map(m -> m.topic()).orElse("") : input.topic();
        LOG.warn("Refused input {} from {}: {}", record.key(), topic, reason.getMessage());
        context.forward(new Record<>(record.key(), Output.deadLetter(input == null ? null : rawValue.apply(input)),
                record.timestamp(), DeadLetters.headers(record.headers(), "classifier", topic,
                meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), reason)));
    }
}
