package io.meridian.watchers.s3;

import io.meridian.schemas.FileEvent;
import java.util.function.Consumer;

/**
 * Where an S3 watcher gets bucket-notification messages besides its webhook. Used by the watcher's
 * own thread only: {@link #poll} hands over the events of the messages that arrived, and
 * {@link #committed} says they are published and checkpointed (a Kafka source commits offsets then).
 */
public interface NotificationSource extends AutoCloseable {

    /** No notifications: the watcher relies on listings (and the webhook). */
    NotificationSource NONE = new NotificationSource() {
        @Override
        public void poll(long millis, S3Notifications parser, Consumer<FileEvent> events) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    default void open() {
    }

    /** Waits up to {@code millis} for messages and passes their events on, oldest first per message. */
    void poll(long millis, S3Notifications parser, Consumer<FileEvent> events) throws InterruptedException;

    default void committed() {
    }

    @Override
    default void close() {
    }
}
