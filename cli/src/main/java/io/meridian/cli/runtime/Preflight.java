package io.meridian.cli.runtime;

import io.meridian.config.ConfigException;
import io.meridian.config.MeridianConfig;
import io.meridian.config.SecretRefs;
import io.meridian.config.SiloConfig;
import io.meridian.http.HttpApi;
import io.meridian.schemas.SiloKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What {@code meridian up} checks after loading the config and before it starts anything (no broker,
 * registry, S3 endpoint, topic or stage): every secret reference resolves — Kafka and registry client
 * properties, the keys of S3 silos on external endpoints, and the HTTP server's tokens — and every
 * POSIX silo's root is a directory. Other commands load the same config without these checks (a
 * {@code policy ls} needs neither S3 keys nor the silos' disks). A failure is a
 * {@link ConfigException} (exit 2) naming the field and what to set, so a missing variable is reported
 * in a second, not after Kafka, placement and movers have started.
 */
public final class Preflight {
    private Preflight() {
    }

    /**
     * @param env the environment secrets are read from ({@code System::getenv} outside tests)
     * @throws ConfigException naming the config, the field and what to set
     */
    public static void validate(MeridianConfig config, UnaryOperator<String> env) {
        new SecretRefs(env).check(config);
        try {
            HttpApi.checkTokens(config.http(), env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.source(), 0, "", e.getMessage());
        }
        checkRoots(config);
    }

    /** Every POSIX silo's root is an existing directory (its watcher would refuse it once Kafka runs). */
    private static void checkRoots(MeridianConfig config) {
        for (int i = 0; i < config.silos().size(); i++) {
            SiloConfig silo = config.silos().get(i);
            if (silo.kind() == SiloKind.POSIX && !Files.isDirectory(Path.of(silo.root()))) {
                throw new ConfigException(config.source(), 0, "silos[" + i + "].root", "'" + silo.root()
                        + "' is not a directory; create it (mkdir -p) or fix the root of silo " + silo.id());
            }
        }
    }
}
