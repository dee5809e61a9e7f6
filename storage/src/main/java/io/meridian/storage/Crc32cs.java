package io.meridian.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** CRC32C over streams and stored objects, in bounded memory. */
public final class Crc32cs {
    private static final int BUFFER = 256 * 1024;

    private Crc32cs() {
    }

    /** CRC32C of everything the stream yields; the caller closes it. */
    public static long of(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            crc.update(buffer, 0, n);
        }
        return crc.getValue();
    }

    /** CRC32C of a stored object, read in full. */
    public static long of(SiloStore store, String key) throws IOException {
        try (InputStream in = store.open(key, 0, -1)) {
            return of(in);
        }
    }

    /** CRC32C of a byte array (tests, small objects). */
    public static long of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }
}
