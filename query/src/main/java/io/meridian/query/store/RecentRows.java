package io.meridian.query.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent rows of a kind (dead letters, access events), bounded: the oldest is forgotten first. Thread-safe. */
final class RecentRows<T> {
    private final int capacity;
    private final ArrayDeque<T> rows = new ArrayDeque<>();

    RecentRows(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(T row) {
        rows.addLast(row);
        while (rows.size() > capacity) {
            rows.removeFirst();
        }
    }

    /** The rows, oldest first. */
    synchronized List<T> snapshot() {
        return new ArrayList<>(rows);
    }
}
