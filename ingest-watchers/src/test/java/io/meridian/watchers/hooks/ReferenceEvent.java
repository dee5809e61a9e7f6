package io.meridian.watchers.hooks;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference predicate of the hostile-input suite: whether a hook event, as the Java values it
 * is written from, is valid by the README and FileEventRules' documented bounds. Written
 * independently of EventJson and FileEventRules (from the spec, not from their code), so that the
 * property tests can say "no invalid value accepted, every valid one accepted".
 */
final class ReferenceEvent {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Map<String, String> MOUNTS = Map.of("nas", "/datasets", "lake", "/");
    static final Set<String> FIELDS = Set.of("path", "silo", "type", "fileType", "previousPath", "size", "mtime", "mode",
            "owner", "fileKey", "etag", "versionId", "crc32c", "symlinkTarget", "sequencer", "observedAt", "message");
    private static final Set<String> TYPES = Set.of("UPSERT", "DELETE", "RENAME", "UNREADABLE");
    private static final Set<String> FILE_TYPES = Set.of("FILE", "DIRECTORY", "SYMLINK", "OTHER");
    private static final Pattern SEQUENCER = Pattern.compile("[0-9]{16}-[0-9a-z]{1,64}");
    private static final Instant LATEST_OBSERVED = NOW.plusSeconds(86_400);
    private static final Instant LATEST_MTIME = Instant.parse("9999-12-31T23:59:59.999Z");

    private ReferenceEvent() {
    }

    static boolean valid(Map<String, Object> f) {
        if (!FIELDS.containsAll(f.keySet()) || !(f.get("silo") instanceof String silo) || !MOUNTS.containsKey(silo)) {
            return false;
        }
        String mount = MOUNTS.get(silo);
        String type = enumValue(f.get("type"), TYPES, "UPSERT");
        if (type == null || enumValue(f.get("fileType"), FILE_TYPES, "FILE") == null || !path(f.get("path"), mount)) {
            return false;
        }
        Object previous = f.get("previousPath");
        if (previous == null ? type.equals("RENAME") : !path(previous, mount)) {
            return false;
        }
        return (!f.containsKey("size") || inRange(f.get("size"), 0, 1L << 53))
                && (f.containsKey("mtime") ? time(f.get("mtime"), LATEST_MTIME) : type.equals("DELETE"))
                && (!f.containsKey("observedAt") || time(f.get("observedAt"), LATEST_OBSERVED))
                && (f.get("mode") == null || mode(f.get("mode")))
                && (f.get("crc32c") == null || inRange(f.get("crc32c"), 0, 0xFFFF_FFFFL))
                && text(f.get("owner"), 256, true) && text(f.get("fileKey"), 256, true) && text(f.get("etag"), 256, true)
                && text(f.get("versionId"), 1024, true) && text(f.get("symlinkTarget"), 4096, false)
                && text(f.get("message"), 8192, false)
                && (!f.containsKey("sequencer") || sequencer(f.get("sequencer")));
    }

    private static String enumValue(Object value, Set<String> names, String fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof String s && names.contains(s.toUpperCase(Locale.ROOT)) ? s.toUpperCase(Locale.ROOT) : null;
    }

    static boolean path(Object value, String mount) {
        if (!(value instanceof String p) || p.isEmpty() || p.length() > 4096 || !p.startsWith("/") || p.endsWith("/")) {
            return false;
        }
        if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return mount.equals("/") || p.equals(mount) || p.startsWith(mount + "/");
    }

    private static BigInteger integer(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        return value instanceof BigInteger b ? b : null;
    }

    private static boolean inRange(Object value, long min, long max) {
        BigInteger n = integer(value);
        return n != null && n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private static boolean time(Object value, Instant latest) {
        if (integer(value) != null) {
            return inRange(value, 0, latest.toEpochMilli());
        }
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            Instant t = Instant.parse(text);
            return !t.isBefore(Instant.EPOCH) && !t.isAfter(latest);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean mode(Object value) {
        if (value instanceof String s) {
            return s.matches("[0-7]{1,6}") && Integer.parseInt(s, 8) <= 07777;
        }
        return inRange(value, 0, 07777);
    }

    private static boolean text(Object value, int max, boolean noControl) {
        if (value == null) {
            return true;
        }
        return value instanceof String s && s.length() <= max
                && s.chars().noneMatch(c -> c == 0 || noControl && (c < 0x20 || c == 0x7f));
    }

    private static boolean sequencer(Object value) {
        if (!(value instanceof String s) || !SEQUENCER.matcher(s).matches()) {
            return false;
        }
        long micros = Long.parseLong(s.substring(0, 16));
        return micros <= LATEST_OBSERVED.getEpochSecond() * 1_000_000L;
    }
}
