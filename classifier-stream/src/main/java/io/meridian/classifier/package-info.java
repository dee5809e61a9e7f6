/**
 * The meridian-classifier Kafka Streams app: one FileRecord per logical path, tags, classification rules, silo usage. Built by the Classifier issue.
 */
package io.meridian.classifier;
