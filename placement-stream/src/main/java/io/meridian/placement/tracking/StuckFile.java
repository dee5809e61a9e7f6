package io.meridian.placement.tracking;

/**
 * A file placement has stopped trying to move: its command failed {@code attempts} times. Kept in
 * the {@code placement-stuck} store, whose compacted changelog topic is what queries and
 * {@code meridian explain} read. Cleared when the file's record changes (a new version may succeed)
 * or when an operator retries it (a RETRY on meridian.placement-control).
 *
 * @param path          logical path
 * @param commandId     the command that kept failing
 * @param reason        the last error
 * @param attempts      how many times it was tried
 * @param recordVersion FileRecord version it was stuck at
 * @param since         when it was parked (epoch millis)
 */
public record StuckFile(String path, String commandId, String reason, int attempts, long recordVersion, long since) {
}
