package io.meridian.stage;

/**
 * A long-running part of Meridian: a watcher, a Kafka Streams app, a pool of movers, the HTTP
 * server. {@code meridian up} runs every stage of the config in one process; each stage's own
 * subcommand ({@code meridian watch}, {@code meridian move}...) runs it alone. Either way it gets the
 * same {@link StageContext}, so nothing in a stage knows which of the two it runs in.
 */
public interface Stage extends AutoCloseable {

    /** Short name for logs and the {@code up} banner, e.g. "classifier" or "posix watcher nas". */
    String name();

    /**
     * Starts the stage's threads and returns once it runs. Throws with a message that says what to
     * do when it cannot start; {@code up} then stops every stage started before it.
     */
    void start() throws Exception;

    /** Stops within a bounded time and releases everything; safe to call twice or before start. */
    @Override
    void close();
}
