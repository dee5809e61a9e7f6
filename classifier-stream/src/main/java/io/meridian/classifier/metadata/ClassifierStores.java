package io.meridian.classifier.metadata;

/**
 * The state store names of one classifier topology.
 *
 * @param files         path to FileRecord, encoded as on meridian.metadata ({@link FileStore}; RocksDB, sorted:
 *                      a directory is a key prefix)
 * @param deletes       path to the sequencer of each silo's last delete, so stale upserts stay dropped
 * @param directoryTags directory path (ending in '/') to the tags set on it; a full copy per task
 * @param silos         global store of meridian.silos: silo id to Silo
 * @param pendingUsage  silo id to the usage deltas of this task not yet sent on
 */
public record ClassifierStores(String files, String deletes, String directoryTags, String silos, String pendingUsage) {
}
