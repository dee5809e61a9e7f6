package io.meridian.expr;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Tag;

/**
 * The tag in which the content sniffer records the format of a file's first bytes, and what
 * conditions see of it as the variable {@code magic} ({@link Variable#MAGIC}). The tag is an own tag
 * of the file with the reserved key {@value #KEY}, set by {@value #ACTOR}; its {@code setAt} is the
 * mtime of the content it describes, so a rewritten file (another mtime) is sniffed again. Its value is a format name of
 * {@code MagicBytes}, or {@value #UNKNOWN} when the bytes matched no format, which conditions see as "".
 */
public final class ContentTag {
    public static final String KEY = "meridian.magic";
    public static final String ACTOR = "meridian-sniffer";
    public static final String UNKNOWN = "unknown";

    private ContentTag() {
    }

    /** The value conditions see as {@code magic}: the recognised format, or "". */
    public static String magicOf(FileRecord record) {
        Tag tag = record.getTags().get(KEY);
        return tag == null || UNKNOWN.equals(tag.getValue()) ? "" : tag.getValue();
    }
}
