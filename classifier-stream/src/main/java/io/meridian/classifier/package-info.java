/**
 * The meridian-classifier Kafka Streams app: one FileRecord per logical path, published to
 * meridian.metadata. {@link io.meridian.classifier.ClassifierTopology} builds the topology and
 * {@link io.meridian.classifier.ClassifierApp} runs it as a stage. Sub-packages by feature:
 * {@code metadata} (records, per-instance ordering, dead letters), {@code tags} (file and directory
 * tags, inheritance), {@code rules} (CEL classification rules and built-in auto-tags),
 * {@code usage} (bytes and files per silo).
 */
package io.meridian.classifier;
