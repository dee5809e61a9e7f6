package io.meridian.cli.runtime;

import java.nio.file.Path;

/**
 * The directory where {@code meridian up} keeps its state: embedded Kafka's log, S3Proxy's files,
 * the demo silos and the endpoints file that other {@code meridian} commands read. Defaults to
 * {@code .meridian} in the working directory; {@code --home} or {@code MERIDIAN_HOME} move it.
 */
public record MeridianHome(Path dir) {
    public static final String ENV = "MERIDIAN_HOME";
    public static final String DEFAULT = ".meridian";

    public static MeridianHome resolve(Path option) {
        if (option != null) {
            return new MeridianHome(option.toAbsolutePath().normalize());
        }
        String env = System.getenv(ENV);
        return new MeridianHome(Path.of(env == null || env.isBlank() ? DEFAULT : env).toAbsolutePath().normalize());
    }

    public Path demoDir() {
        return dir.resolve("demo");
    }

    /** Local state of the stages this process runs (RocksDB stores, watcher checkpoints). */
    public Path stateDir() {
        return dir.resolve("state");
    }

    public Path endpointsFile() {
        return dir.resolve("endpoints.json");
    }

    public Path s3CredentialsFile() {
        return dir.resolve("s3-credentials.properties");
    }
}
