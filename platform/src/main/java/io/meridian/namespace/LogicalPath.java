package io.meridian.namespace;

/**
 * Validation of logical paths in the global namespace, applied at every edge (watchers, hooks,
 * CLI, HTTP) so that no stage ever holds a path that could escape a silo root.
 *
 * <p>A file path is absolute, '/'-separated, has no empty, {@code .} or {@code ..} segment, no NUL or
 * other control character, and does not end in '/'. A directory path (for directory tags and
 * prefixes) is the same but ends in '/'; the root directory is {@code /}.
 */
public final class LogicalPath {
    /** Longest accepted path, in characters (Linux PATH_MAX). */
    public static final int MAX_LENGTH = 4096;

    private LogicalPath() {
    }

    /** Returns the path when it is a valid file path, else throws with the reason. */
    public static String file(String path) {
        checkCommon(path);
        if (path.endsWith("/")) {
            throw new PathRejectedException(path, "a file path must not end in '/' (a directory path does)");
        }
        checkSegments(path, path.substring(1));
        return path;
    }

    /** Returns the path when it is a valid directory path (ending in '/'), else throws with the reason. */
    public static String directory(String path) {
        checkCommon(path);
        if (!path.endsWith("/")) {
            throw new PathRejectedException(path, "a directory path must end in '/'");
        }
        if (path.length() > 1) {
            checkSegments(path, path.substring(1, path.length() - 1));
        }
        return path;
    }

    /** Whether the path names a directory (ends in '/'). */
    public static boolean isDirectory(String path) {
        return path.endsWith("/");
    }

    /**
     * The logical path of a file below a silo's mount, from its path relative to the silo root
     * ('/'-separated, no leading '/'). Both parts are validated.
     */
    public static String under(String mount, String relative) {
        String base = mount.equals("/") ? "" : mount;
        return file(base + "/" + relative);
    }

    /** Whether {@code path} is {@code directory} itself or lies below it. */
    public static boolean isUnder(String path, String directory) {
        String dir = directory.endsWith("/") ? directory : directory + "/";
        return path.startsWith(dir) || path.equals(directory);
    }

    private static void checkCommon(String path) {
        if (path == null || path.isEmpty()) {
            throw new PathRejectedException("", "the path is empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new PathRejectedException(path.substring(0, 64) + "...", "longer than " + MAX_LENGTH + " characters");
        }
        if (path.charAt(0) != '/') {
            throw new PathRejectedException(path, "must be absolute (start with '/')");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0) {
                throw new PathRejectedException(path.replace('\0', '?'), "contains a NUL character");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new PathRejectedException(escape(path), "contains control character U+" + String.format("%04X", (int) c));
            }
            if (Character.isSurrogate(c) && !validSurrogateAt(path, i)) {
                throw new PathRejectedException(escape(path), "contains an unpaired UTF-16 surrogate (not valid UTF-8)");
            }
        }
    }

    private static void checkSegments(String path, String body) {
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new PathRejectedException(path, "contains an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new PathRejectedException(path, "contains a '" + segment + "' segment");
            }
        }
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Renders control characters visibly, for error messages. */
    static String escape(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
