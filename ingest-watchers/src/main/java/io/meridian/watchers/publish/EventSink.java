package io.meridian.watchers.publish;

import io.meridian.schemas.FileEvent;

/**
 * Where watchers and hooks put FileEvents. {@link #publish} may return before the event is durable;
 * {@link #flush} blocks until every event published so far is acknowledged, and throws if any of
 * them failed, so a caller records progress (a checkpoint) only after a successful flush.
 */
public interface EventSink extends AutoCloseable {

    /** Sends one event, keyed by its logical path; may block when the send buffer is full. */
    void publish(FileEvent event);

    /** Waits until every event published so far is acknowledged; throws the first failure since the last flush. */
    void flush();

    @Override
    void close();
}
