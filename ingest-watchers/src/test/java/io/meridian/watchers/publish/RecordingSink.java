package io.meridian.watchers.publish;

import io.meridian.schemas.FileEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An in-memory {@link EventSink} for tests: keeps every published event, in order. */
public final class RecordingSink implements EventSink {
    private final List<FileEvent> events = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void publish(FileEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public void close() {
    }

    public synchronized List<FileEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<FileEvent> eventsFor(String path) {
        return events.stream().filter(e -> e.getPath().equals(path)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }

    public synchronized int flushes() {
        return flushes;
    }

    /** Waits until some published event matches; fails with what was published otherwise. */
    public FileEvent await(Predicate<FileEvent> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                for (FileEvent event : events) {
                    if (match.test(event)) {
                        return event;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event within " + timeout + "; published: " + describe());
    }

    private synchronized String describe() {
        return events.stream().map(e -> e.getType() + " " + e.getPath()).toList().toString();
    }
}
