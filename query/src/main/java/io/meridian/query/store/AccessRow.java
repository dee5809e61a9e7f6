package io.meridian.query.store;

/**
 * One read served by the read path, from {@code meridian.access-events}: the file, the silo the
 * bytes came from and how many, who read (null when unknown) and when (epoch millis).
 */
public record AccessRow(String path, String silo, long bytes, String reader, long at) {
}
