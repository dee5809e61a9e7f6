package io.meridian.query.store;

/** Lets tests of other packages fill a {@link HeapFileIndex} as the store does. */
public final class HeapFileIndexAccess {
    private HeapFileIndexAccess() {
    }

    public static void put(HeapFileIndex index, FileRow row) {
        index.put(row);
    }
}
