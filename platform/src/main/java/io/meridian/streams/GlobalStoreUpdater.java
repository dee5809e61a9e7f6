package io.meridian.streams;

import io.meridian.topics.Topic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps a global store equal to its compacted topic: a value replaces, a tombstone deletes, a record
 * without a key is skipped. The topic is the store's changelog, so the store logs nothing itself.
 *
 * @param <V> the topic's value type
 */
public final class GlobalStoreUpdater<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, V> store;

    public GlobalStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    /** Adds {@code store} as a global store of {@code topic}, read with {@code consumed}. */
    public static <V> void add(StreamsBuilder builder, KeyValueBytesStoreSupplier store, Topic<String, V> topic,
                               Consumed<String, V> consumed) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(store, topic.keySerde(), topic.valueSerde()).withLoggingDisabled(),
                topic.name(), consumed, () -> new GlobalStoreUpdater<>(store.name()));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null) {
            return; // nothing to key it by
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
