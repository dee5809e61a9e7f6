package io.meridian.watchers.checkpoint;

import io.meridian.schemas.FileEvent;

/**
 * What identifies one published state of one file: kind, size, mtime (for files without an ETag),
 * mode, owner, identity, ETag, version and link target, but not when or by whom it was observed. Two observations with the same
 * fingerprint are the same state, so the second one is not published again.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(FileEvent event) {
        // An S3 object's ETag, size and version identify its content; its time differs between a listing
        // (last-modified) and a notification (event time) of the same state, so it is left out there.
        String time = event.getEtag() != null ? "" : Long.toString(event.getMtime().toEpochMilli());
        return event.getFileType() + "|" + event.getSize() + "|" + time
                + "|" + text(event.getMode()) + "|" + text(event.getOwner()) + "|" + text(event.getFileKey())
                + "|" + text(event.getEtag()) + "|" + text(event.getVersionId()) + "|" + text(event.getSymlinkTarget());
    }

    private static String text(Object value) {
        // Tabs and newlines would break the checkpoint's line format; none of these fields may hold them.
        if (value == null) {
            return "";
        }
        String text = value.toString();
        // almost never needed: checking first spares two copies per field on the publish path
        return text.indexOf('\t') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\t', ' ').replace('\n', ' ');
    }
}
