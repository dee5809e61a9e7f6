package io.meridian.stage;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Stops a thread that polls a Kafka consumer in a loop: wakes the consumer (its poll throws
 * WakeupException, which the loop takes as "stop") and waits up to a bound for the thread to end.
 * The caller has already told its loop to stop (e.g. a volatile flag).
 */
public final class ConsumerThread {
    private ConsumerThread() {
    }

    /** Wakes {@code consumer} (when not null) and joins {@code thread} (when not null) for up to {@code timeout}. */
    public static void stop(Consumer<?, ?> consumer, Thread thread, Duration timeout) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
