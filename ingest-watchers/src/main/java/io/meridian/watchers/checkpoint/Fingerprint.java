package io.meridian.watchers.checkpoint;

import io.meridian.schemas.FileEvent;

/**
 * What identifies one published state of one file, as a 64-bit hash: kind, size, mtime (for files
 * without an ETag), mode, owner, identity, ETag, version and link target, but not when or by whom
 * it was observed. Two observations with the same fingerprint are the same state, so the second one
 * is not published again.
 *
 * <p>A number rather than the fields' text because every scan computes one per file and the
 * checkpoint keeps one per file in memory: the text and its sorted map together were about 40 % of
 * the watcher thread's CPU per published file (measured by leaving both out). Two different states share a fingerprint with
 * probability 2^-64. The function must not change between versions: saved checkpoints hold its values
 * (CheckpointTest pins some).
 */
public final class Fingerprint {
    /** Never a fingerprint: {@link Checkpoint} uses it for "absent". */
    static final long NONE = 0;
    /** Never a fingerprint: a state loaded from a checkpoint format that kept none (publish it again). */
    static final long UNKNOWN = 1;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private Fingerprint() {
    }

    public static long of(FileEvent event) {
        long h = 0x6D65726964696EL; // "meridin"
        h = mix(h, event.getFileType().ordinal());
        h = mix(h, event.getSize());
        // An S3 object's ETag, size and version identify its content; its time differs between a listing
        // (last-modified) and a notification (event time) of the same state, so it is left out there.
        h = event.getEtag() != null ? mix(h, -1) : mix(h, event.getMtime().toEpochMilli());
        h = event.getMode() == null ? mix(h, -1) : mix(h, event.getMode());
        h = text(h, event.getOwner());
        h = text(h, event.getFileKey());
        h = text(h, event.getEtag());
        h = text(h, event.getVersionId());
        h = text(h, event.getSymlinkTarget());
        h ^= h >>> 29;
        return h == NONE || h == UNKNOWN ? 2 : h;
    }

    private static long text(long h, CharSequence value) {
        if (value == null) {
            return mix(h, -1);
        }
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001B3L; // FNV-1a per char
        }
        return mix(h, value.length());
    }

    private static long mix(long h, long value) {
        h = (h ^ value) * MULTIPLIER;
        return h ^ (h >>> 32);
    }
}
