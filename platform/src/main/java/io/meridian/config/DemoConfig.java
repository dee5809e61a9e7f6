package io.meridian.config;

import io.meridian.schemas.SiloKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration {@code meridian up} runs without {@code --config}: embedded Kafka, registry and
 * S3, and three silos (an on-prem NAS, a GPU-site NVMe tier, an S3 archive) under {@code base}.
 */
public final class DemoConfig {
    private static final String RESOURCE = "demo.yaml";

    private DemoConfig() {
    }

    /** The demo config text, as a user would copy it. */
    public static String text() {
        try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; rebuild Meridian");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the demo config with its POSIX roots under {@code base}, creating those directories. */
    public static MeridianConfig load(Path base) {
        MeridianConfig config = ConfigLoader.parse("demo", text(), base.toAbsolutePath());
        for (SiloConfig silo : config.silos()) {
            if (silo.kind() == SiloKind.POSIX) {
                try {
                    Files.createDirectories(Path.of(silo.root()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create demo silo root " + silo.root(), e);
                }
            }
        }
        return config;
    }
}
