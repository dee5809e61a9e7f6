package io.meridian.storage;

/**
 * How to write an object.
 *
 * @param mtimeMillis    modification time to preserve (POSIX mtime, S3 user metadata); null: now
 * @param mode           POSIX permission bits to preserve; null: the store's default
 * @param expectedSize   size the writer will write when known (lets S3 choose single PUT or multipart); -1 when unknown
 * @param knownCrc32c    CRC32C the content will have, when known beforehand; recorded in S3 metadata. The write
 *                       is only committed by callers that verified it, so the recorded value is never wrong.
 */
public record WriteOptions(Long mtimeMillis, Integer mode, long expectedSize, Long knownCrc32c) {
    public static WriteOptions defaults() {
        return new WriteOptions(null, null, -1, null);
    }
}
