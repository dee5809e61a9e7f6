package io.meridian.watchers.view;

import io.meridian.events.SameContent;
import io.meridian.schemas.FileEvent;

/**
 * What the global view holds about one instance (one path in one silo), as much as the watchers'
 * anti-entropy needs: the sequencer of the event that set it, and what identifies its content.
 */
public record HeldInstance(String sequencer, long size, String etag, long mtimeMillis) {

    /** Whether {@code observed} is of the content this instance holds ({@link SameContent}). */
    public boolean sameContent(FileEvent observed) {
        return SameContent.same(size, etag, mtimeMillis, observed.getSize(), observed.getEtag(), observed.getMtime().toEpochMilli());
    }
}
