package io.meridian.classifier.usage;

import io.meridian.schemas.SiloUsage;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums the usage deltas of one silo (they arrive keyed by silo id, from every partition of the
 * files) and emits the new total on each delta. Under exactly-once the sum and its input offsets
 * commit together, so a replay never counts a delta twice.
 */
public final class UsageAggregator implements Processor<String, SiloUsage, String, SiloUsage> {
    private final String storeName;
    private ProcessorContext<String, SiloUsage> context;
    private KeyValueStore<String, SiloUsage> totals;

    public UsageAggregator(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, SiloUsage> context) {
        this.context = context;
        this.totals = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SiloUsage> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SiloUsage total = UsageDeltas.add(totals.get(record.key()), record.value());
        totals.put(record.key(), total);
        context.forward(record.withValue(total));
    }
}
