package io.meridian.classifier.metadata;

import io.meridian.classifier.metadata.InputValidator.InvalidInputException;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Silo;
import io.meridian.topics.Topics;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The "renamed away" half of a RENAME: a DELETE of the previous path, keyed by it, so that the
 * instance leaves the old path on whichever task owns it. Only a RENAME the classifier accepts is
 * split: the rename itself is validated here exactly as {@link FileRecordProcessor} will validate it
 * (same rules, same silos store), so a refused rename, which is dead-lettered there, deletes nothing
 * here (DESIGN.md invariant 7: bad input never corrupts state).
 */
public final class RenameSplitter implements Processor<String, FileEvent, String, FileEvent> {
    private final String silosStore;
    private final Clock clock;
    private ProcessorContext<String, FileEvent> context;
    private InputValidator validator;

    public RenameSplitter(String silosStore, Clock clock) {
        this.silosStore = silosStore;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, FileEvent> context) {
        this.context = context;
        KeyValueStore<String, Silo> silos = context.getStateStore(silosStore);
        this.validator = new InputValidator(new SiloLookup(silos::get, System::nanoTime), clock);
    }

    @Override
    public void process(Record<String, FileEvent> record) {
        FileEvent rename = record.value();
        if (rename == null || rename.getType() != FileEventType.RENAME) {
            return;
        }
        try {
            validator.check(record.key(), Input.event(rename, Topics.FILE_EVENTS));
        } catch (InvalidInputException e) {
            return; // FileRecordProcessor dead-letters it with this reason
        }
        FileEvent delete = FileEvent.newBuilder(rename).setPath(rename.getPreviousPath()).setType(FileEventType.DELETE)
                .setPreviousPath(null).setSize(0).setMessage("renamed to " + rename.getPath()).build();
        context.forward(record.withKey(rename.getPreviousPath()).withValue(delete));
    }
}
