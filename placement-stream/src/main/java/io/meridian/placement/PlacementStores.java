package io.meridian.placement;

/**
 * The state store names of one placement topology ({@link PlacementTopology#STORES}).
 *
 * @param policies  global store of meridian.policies: policy name to Policy
 * @param silos     global store of meridian.silos: silo id to Silo
 * @param usage     global store of meridian.silo-usage: silo id to SiloUsage
 * @param requests  global store of meridian.staging-requests: request id to StagingRequest
 * @param files     the task's files: path to FileRecord (sorted: a directory is a key range)
 * @param inFlight  path to the file's open commands
 * @param stuck     path to the file placement gave up on; its changelog is the list of stuck files
 * @param staging   request id to the progress this task last reported
 * @param totals    request id to the summed progress of every partition
 * @param siloIndex the task's instances by silo, least recently used first; derived, no changelog
 * @param rescans   pending re-evaluations after a policy or silo change, with their cursors
 */
public record PlacementStores(String policies, String silos, String usage, String requests, String files,
                             String inFlight, String stuck, String staging, String totals, String siloIndex,
                             String rescans) {
}
