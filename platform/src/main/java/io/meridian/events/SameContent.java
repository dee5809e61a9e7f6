package io.meridian.events;

/**
 * Whether two observations of one instance (one path in one silo) are of the same content, without
 * reading it: the same size, and the same ETag when both know one, else the same mtime. An ETag
 * identifies the content of one object (a multipart ETag is no content hash, but it changes when the
 * object is written again); without one (POSIX, hooks), size and mtime stand for it.
 *
 * <p>The one rule shared by the classifier, which keeps the CRC32C and source mtime Meridian verified
 * while the content stays the same (DESIGN.md invariant 10), and the watchers, which re-publish a
 * file whose view no longer matches what a scan saw.
 */
public final class SameContent {
    private SameContent() {
    }

    public static boolean same(long size, String etag, long mtimeMillis, long otherSize, String otherEtag, long otherMtimeMillis) {
        if (size != otherSize) {
            return false;
        }
        return etag != null && otherEtag != null ? etag.equals(otherEtag) : mtimeMillis == otherMtimeMillis;
    }
}
