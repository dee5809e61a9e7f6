package io.meridian.events;

/** A value quoted for a refusal message: at most 40 characters, control characters as '?', so a hostile value cannot flood or drive a terminal. */
final class Shown {
    private static final int MAX = 40;

    private Shown() {
    }

    static String value(String value) {
        if (value == null) {
            return "(none)";
        }
        String head = value.length() <= MAX ? value : value.substring(0, MAX);
        StringBuilder out = new StringBuilder(head.length() + 5).append('\'');
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        return out.append(value.length() > MAX ? "...'" : "'").toString();
    }
}
