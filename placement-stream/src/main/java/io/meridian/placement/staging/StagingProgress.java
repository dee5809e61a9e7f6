package io.meridian.placement.staging;

/**
 * One partition's share of a staging request, re-keyed by request id and summed into the request's
 * StagingStatus ({@link StagingStatusProcessor}).
 *
 * @param requestId  request id
 * @param jobId      the scheduler's job id
 * @param partition  the reporting task's partition
 * @param partitions how many partitions must report before the request can be READY
 * @param filesTotal selected files in this partition
 * @param filesReady of which present at the site
 * @param bytesTotal selected bytes
 * @param bytesReady of which present at the site
 * @param failed     files that cannot be staged (stuck)
 * @param reason     why a file failed or the request is invalid, else null
 * @param deadline   request deadline, epoch millis
 * @param pinUntil   request pin end, epoch millis
 * @param notAtSite  the first selected file of this partition (in path order) with no present
 *                   instance at the site, or null when every one is there: the status names it when
 *                   a READY request loses a file
 */
public record StagingProgress(String requestId, String jobId, int partition, int partitions,
                              long filesTotal, long filesReady, long bytesTotal, long bytesReady,
                              long failed, String reason, long deadline, long pinUntil, String notAtSite) {
}
