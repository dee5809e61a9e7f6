package io.meridian.events;

import io.meridian.schemas.FileEvent;

/**
 * The string rules of {@link FileEventRules}, for the fields that are not paths: a bound on the length
 * (checked before anything is serialized, so a valid event always fits a Kafka record), no NUL and no
 * unpaired UTF-16 surrogate (which would not survive UTF-8), and, in names that are printed in lists
 * (silo, owner, fileKey, etag, versionId), no control character.
 */
final class TextRules {
    private TextRules() {
    }

    static void check(FileEvent event) {
        name("owner", event.getOwner(), FileEventRules.MAX_NAME_LENGTH);
        name("fileKey", event.getFileKey(), FileEventRules.MAX_NAME_LENGTH);
        name("etag", event.getEtag(), FileEventRules.MAX_NAME_LENGTH);
        name("versionId", event.getVersionId(), FileEventRules.MAX_VERSION_ID_LENGTH);
        name("silo", event.getSilo(), FileEventRules.MAX_NAME_LENGTH);
        text("symlinkTarget", event.getSymlinkTarget(), FileEventRules.MAX_SYMLINK_TARGET_LENGTH, false);
        text("message", event.getMessage(), FileEventRules.MAX_MESSAGE_LENGTH, false);
    }

    private static void name(String field, String value, int max) {
        text(field, value, max, true);
    }

    private static void text(String field, String value, int max, boolean noControl) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException("'" + field + "' is " + value.length() + " characters long; at most " + max
                    + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || noControl && (c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("'" + field + "' contains control character U+"
                        + String.format("%04X", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("'" + field + "' contains an unpaired UTF-16 surrogate (not valid UTF-8)");
            }
        }
    }
}
