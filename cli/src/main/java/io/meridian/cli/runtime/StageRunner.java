package io.meridian.cli.runtime;

import io.meridian.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts stages in order and stops them in reverse. If one cannot start, the ones already running
 * are stopped and the failure is thrown with the stage's name, so nothing runs half-way.
 */
public final class StageRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    private final List<Stage> running = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public StageRunner start(List<Stage> stages) {
        for (Stage stage : stages) {
            try {
                stage.start();
                running.add(stage);
                LOG.info("Started {}", stage.name());
            } catch (Exception e) {
                stage.close();
                close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("could not start " + stage.name() + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** Stops the stages when the JVM shuts down (Ctrl-C, SIGTERM); register before telling the user. */
    public StageRunner stopOnShutdown(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, name + "-shutdown"));
        return this;
    }

    /** Blocks until the shutdown hook of {@link #stopOnShutdown} has stopped every stage. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Names of the running stages, in start order. */
    public List<String> names() {
        return running.stream().map(Stage::name).toList();
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            Stage stage = running.get(i);
            try {
                stage.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping {} failed", stage.name(), e);
            }
        }
        running.clear();
    }
}
