package io.meridian.events;

import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rules every FileEvent obeys, checked wherever one enters Meridian from outside (DESIGN.md
 * invariant 7): storage hooks ({@code meridian publish}, {@code POST /v1/events}, {@code EventPublisher}),
 * S3 bucket notifications, and the classifier's input topic, which dead-letters what they refuse. One
 * class so that every edge refuses the same events with the same reasons.
 *
 * <ul>
 *   <li>{@code silo} is a known silo; {@code path}, and {@code previousPath} when present (a RENAME needs
 *       one), is a valid {@link LogicalPath} file path that lies under that silo's mount.</li>
 *   <li>{@code size} is 0..{@link #MAX_SIZE} (2^53, the largest integer every JSON reader keeps exact), so
 *       sums of sizes cannot overflow; {@code mode} is 0..07777 (permission bits); {@code crc32c} is an
 *       unsigned 32-bit value.</li>
 *   <li>{@code mtime} lies in {@link #MIN_TIME}..{@link #MAX_MTIME} (years 1970 to 9999; a fixed range,
 *       because files may legitimately carry future mtimes); {@code observedAt} and the sequencer's time
 *       lie in {@link #MIN_TIME}..now + {@link #MAX_FUTURE_SKEW}, so no event can claim to come from the
 *       future and make every later real change of its file look stale.</li>
 *   <li>{@code sequencer} has the {@link Sequencer} format.</li>
 *   <li>Strings are bounded ({@link #MAX_NAME_LENGTH} for silo, owner, fileKey and etag,
 *       {@link #MAX_VERSION_ID_LENGTH}, {@link #MAX_SYMLINK_TARGET_LENGTH}, {@link #MAX_MESSAGE_LENGTH}), so
 *       a valid event always fits a Kafka record; none holds NUL or an unpaired surrogate, and the names
 *       hold no control character.</li>
 * </ul>
 *
 * <p>A refusal is an IllegalArgumentException whose message names the field and the allowed range.
 * Thread-safe when the silo lookup is.
 */
public final class FileEventRules {
    /** Largest {@code size}: 2^53 bytes (8 PiB). */
    public static final long MAX_SIZE = 1L << 53;
    /** Earliest {@code mtime}, {@code observedAt} and sequencer time. */
    public static final Instant MIN_TIME = Instant.EPOCH;
    /** Latest {@code mtime}: the last millisecond of year 9999. */
    public static final Instant MAX_MTIME = Instant.parse("9999-12-31T23:59:59.999Z");
    /** How far ahead of the validating clock {@code observedAt} and a sequencer's time may be. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    /** Longest silo, owner, fileKey and etag. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Longest versionId (S3 allows 1,024 bytes). */
    public static final int MAX_VERSION_ID_LENGTH = 1024;
    /** Longest symlinkTarget (PATH_MAX). */
    public static final int MAX_SYMLINK_TARGET_LENGTH = LogicalPath.MAX_LENGTH;
    /** Longest message: room for a reason and a path of {@link LogicalPath#MAX_LENGTH}. */
    public static final int MAX_MESSAGE_LENGTH = 8192;
    /** Largest {@code mode}: the permission, setuid, setgid and sticky bits. */
    public static final int MAX_MODE = 07777;
    /** Largest {@code crc32c}. */
    public static final long MAX_CRC32C = 0xFFFF_FFFFL;

    private final Function<String, String> mounts;
    private final String unknownSiloHint;
    private final InstantSource clock;

    /**
     * @param mounts          the mount of a silo id, null when the silo is unknown
     * @param unknownSiloHint appended to the refusal of an unknown silo (where silos come from)
     * @param clock           the "now" that bounds observedAt and sequencer times
     */
    public FileEventRules(Function<String, String> mounts, String unknownSiloHint, InstantSource clock) {
        this.mounts = mounts;
        this.unknownSiloHint = unknownSiloHint;
        this.clock = clock;
    }

    /** Rules for a fixed set of silos (id to mount); an unknown silo's refusal lists the known ones. */
    public static FileEventRules of(Map<String, String> mounts, InstantSource clock) {
        Map<String, String> copy = Map.copyOf(mounts);
        return new FileEventRules(copy::get, "configured: " + String.join(", ", new TreeSet<>(copy.keySet())), clock);
    }

    /** Returns {@code event} when it obeys every rule, else throws IllegalArgumentException naming the field. */
    public FileEvent check(FileEvent event) {
        String mount = mountOf(event.getSilo());
        path("path", event.getPath(), mount);
        if (event.getType() == FileEventType.RENAME && event.getPreviousPath() == null) {
            throw new IllegalArgumentException("a RENAME needs 'previousPath'");
        }
        if (event.getPreviousPath() != null) {
            path("previousPath", event.getPreviousPath(), mount);
        }
        if (event.getType() == null || event.getFileType() == null || event.getSource() == null) {
            throw new IllegalArgumentException("missing 'type', 'fileType' or 'source'");
        }
        range("size", event.getSize(), 0, MAX_SIZE, " (2^53)");
        if (event.getMode() != null) {
            range("mode", event.getMode(), 0, MAX_MODE, " (07777, permission bits)");
        }
        if (event.getCrc32c() != null) {
            range("crc32c", event.getCrc32c(), 0, MAX_CRC32C, " (unsigned 32 bits)");
        }
        time("mtime", event.getMtime(), MAX_MTIME);
        observedAt(event.getObservedAt());
        sequencer(event.getSequencer());
        TextRules.check(event);
        return event;
    }

    /** Returns {@code observedAt} when it lies in 1970..now + {@link #MAX_FUTURE_SKEW}, else throws. */
    public Instant observedAt(Instant observedAt) {
        return observationTime("observedAt", observedAt);
    }

    /**
     * Returns {@code value}, a time a sequencer is made from (the field named {@code field} of the
     * input), when it lies in 1970..now + {@link #MAX_FUTURE_SKEW}; else throws naming the field.
     */
    public Instant observationTime(String field, Instant value) {
        return time(field, value, latest());
    }

    /** Returns the sequencer when well-formed and its time lies in 1970..now + {@link #MAX_FUTURE_SKEW}, else throws. */
    public String sequencer(String sequencer) {
        long micros = Sequencer.epochMicros(sequencer);
        Instant latest = latest();
        long latestMicros = latest.getEpochSecond() * 1_000_000L + latest.getNano() / 1_000;
        if (micros > latestMicros) {
            throw new IllegalArgumentException("'sequencer' " + Shown.value(sequencer) + " is in the future: its time "
                    + Instant.ofEpochSecond(micros / 1_000_000L, micros % 1_000_000L * 1_000) + " is later than now + "
                    + MAX_FUTURE_SKEW.toHours() + " h (" + latest + ")");
        }
        return sequencer;
    }

    private Instant latest() {
        return clock.instant().plus(MAX_FUTURE_SKEW);
    }

    private String mountOf(String silo) {
        if (silo == null) {
            throw new IllegalArgumentException("missing 'silo'");
        }
        String mount = silo.length() > MAX_NAME_LENGTH ? null : mounts.apply(silo);
        if (mount == null) {
            throw new IllegalArgumentException("unknown silo " + Shown.value(silo) + "; " + unknownSiloHint);
        }
        return mount;
    }

    private static void path(String field, String path, String mount) {
        try {
            LogicalPath.file(path);
        } catch (PathRejectedException e) {
            throw new IllegalArgumentException("'" + field + "' " + Shown.value(e.path()) + " is not a valid path: " + e.reason());
        }
        if (!LogicalPath.isUnder(path, mount)) {
            throw new IllegalArgumentException("'" + field + "' " + Shown.value(path) + " is outside the silo's mount '" + mount + "'");
        }
    }

    private static void range(String field, long value, long min, long max, String note) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + field + "' " + value + " is out of range " + min + ".." + max + note);
        }
    }

    private static Instant time(String field, Instant value, Instant latest) {
        if (value == null) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        if (value.isBefore(MIN_TIME) || value.isAfter(latest)) {
            throw new IllegalArgumentException("'" + field + "' " + value + " is out of range " + MIN_TIME + ".." + latest);
        }
        return value;
    }
}
