package io.meridian.query.store;

/**
 * A file placement gave up on, as its {@code placement-stuck} changelog says: the command that kept
 * failing, the last error, how many attempts, and when it was parked (epoch millis).
 */
public record StuckRow(String path, String commandId, String reason, int attempts, long since) {
}
