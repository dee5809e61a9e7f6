package io.meridian.storage;

/** Validation of silo-relative keys: '/'-separated, no leading '/', no empty, '.' or '..' segment, no control character. */
public final class Keys {
    private Keys() {
    }

    /** Returns the key when valid, else throws IllegalArgumentException saying why. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key: name a file below the silo root");
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("key '" + key + "' must be relative and name a file (no leading or trailing '/')");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("key '" + key.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /** Whether the last segment is a mover's temporary name. */
    public static boolean isTemp(String key) {
        int slash = key.lastIndexOf('/');
        return key.startsWith(SiloStore.TEMP_PREFIX, slash + 1);
    }
}
