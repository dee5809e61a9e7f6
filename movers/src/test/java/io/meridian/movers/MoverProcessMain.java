package io.meridian.movers;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A mover in its own JVM, for crash tests: {@code MoverProcessMain <context file> <workers> <bandwidth>}.
 * Runs until killed; prints "started" once its workers run.
 */
public final class MoverProcessMain {
    private MoverProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        var context = MoverTestKit.read(Path.of(args[0]));
        MoverSettings settings = MoverSettings.defaults().withWorkers(Integer.parseInt(args[1]))
                .withBandwidth(MoverSettings.parseBandwidth(args[2]))
                .withTimings(Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(6));
        MoverStage stage = new MoverStage(context, settings);
        stage.start();
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
