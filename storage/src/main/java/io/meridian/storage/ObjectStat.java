package io.meridian.storage;

/**
 * The attributes of one committed object.
 *
 * @param key      silo-relative key
 * @param size     size in bytes
 * @param mtimeMillis modification time: POSIX mtime, or the preserved one from S3 user metadata, else S3 Last-Modified
 * @param mode     POSIX permission bits when known, else null
 * @param etag     S3 ETag (never an identity: multipart ETags are not content hashes), null on POSIX
 * @param crc32c   CRC32C recorded by the writer (S3 user metadata), null when unknown
 * @param fileKey  stable identity when known (POSIX device:inode), else null
 */
public record ObjectStat(String key, long size, long mtimeMillis, Integer mode, String etag, Long crc32c, String fileKey) {
}
