package io.meridian.query.partition;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary answer of an owner to a peer ({@code POST /internal/v1/files/scan}): a sequence of
 * frames, each a tag byte and its fields, ending in {@link #END}. A stream that stops before
 * {@link #END} was cut (the owner died or gave up) and its reader fails rather than answer short.
 *
 * <ul>
 *   <li>{@link #ROW}: path, then per projected column a tagged value (null, text, long, int, map of
 *       text to text, list of text); or, for a records scan, the stored record bytes.</li>
 *   <li>{@link #COUNT}: a count (of matching rows, or of children).</li>
 *   <li>{@link #ERROR}: the owner failed part-way; the message says why.</li>
 * </ul>
 */
final class ScanWire {
    static final byte END = 0;
    static final byte ROW = 1;
    static final byte COUNT = 2;
    static final byte ERROR = 3;

    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte LONG = 2;
    private static final byte INT = 3;
    private static final byte MAP = 4;
    private static final byte LIST = 5;

    /** Longest text or record a reader accepts: bounds what a broken peer can make it allocate. */
    static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;

    private ScanWire() {
    }

    static void text(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String text(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD_BYTES) {
            throw new IOException("a peer sent a field of " + n + " bytes");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("a peer's answer was cut short");
        }
        return b;
    }

    static void value(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(TEXT);
            text(out, s);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(MAP);
            out.writeInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                text(out, (String) e.getKey());
                value(out, e.getValue());
            }
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                value(out, o);
            }
        } else {
            throw new IllegalArgumentException("no wire form for a " + v.getClass().getName());
        }
    }

    static Object value(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TEXT -> text(in);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case MAP -> {
                int n = count(in);
                Map<String, Object> m = new HashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    m.put(text(in), value(in));
                }
                yield java.util.Collections.unmodifiableMap(m);
            }
            case LIST -> {
                int n = count(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                yield java.util.Collections.unmodifiableList(list);
            }
            default -> throw new IOException("a peer sent an unknown value tag " + tag);
        };
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD_BYTES) {
            throw new IOException("a peer sent a collection of " + n + " entries");
        }
        return n;
    }
}
