package io.meridian.query.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent dead letters, bounded: the oldest is forgotten first. Thread-safe. */
final class RecentDeadLetters {
    private final int capacity;
    private final ArrayDeque<DeadLetterRow> rows = new ArrayDeque<>();

    RecentDeadLetters(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(DeadLetterRow row) {
        rows.addLast(row);
        while (rows.size() > capacity) {
            rows.removeFirst();
        }
    }

    synchronized List<DeadLetterRow> snapshot() {
        return new ArrayList<>(rows);
    }
}
