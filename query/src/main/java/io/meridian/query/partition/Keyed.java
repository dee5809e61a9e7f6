package io.meridian.query.partition;

import io.meridian.query.store.FileRow;

/**
 * One answer of a scan with the path it is sorted by: the projected values (a rows scan), or the
 * whole row (a records scan, for {@code file}, {@code range} and the read path), with its stored
 * bytes when it was read from a local store (so an owner forwards them without encoding again).
 */
record Keyed(String path, Object[] values, FileRow row, byte[] stored) {
}
