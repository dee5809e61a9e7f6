package io.meridian.classifier.tags;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends a record to every partition of its topic (KIP-837 multicast). Directory tags are global
 * state (DESIGN.md, "Partitioning"): the files below a directory live on every partition, so every
 * task must see every directory tag command, in the same order, to keep its own copy of the
 * directory tags and to re-evaluate its own files.
 */
public final class BroadcastPartitioner<K, V> implements StreamPartitioner<K, V> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
}
