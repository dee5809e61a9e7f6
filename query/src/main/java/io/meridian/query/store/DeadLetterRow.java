package io.meridian.query.store;

/**
 * One record a stage could not use, as {@code meridian.dead-letters} holds it: when it was written,
 * which stage refused it, the topic it came from and the reason, from the {@code __streams.errors.*}
 * headers (empty strings when a header is missing). The record's bytes are not kept.
 */
public record DeadLetterRow(long timestamp, String stage, String topic, String reason) {
}
