package io.meridian.classifier.metadata;

import io.meridian.schemas.Silo;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global store of silos equal to the compacted meridian.silos topic. */
public final class SiloStoreUpdater implements Processor<String, Silo, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, Silo> store;

    public SiloStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Silo> record) {
        if (record.key() == null) {
            return; // not a silo: nothing to key it by
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
