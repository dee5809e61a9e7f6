package io.meridian.storage;

import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.SiloKind;
import io.meridian.stage.StageContext;
import io.meridian.storage.posix.PosixSiloStore;
import io.meridian.storage.s3.S3SiloStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens the {@link SiloStore} of a configured silo. */
public final class SiloStores {
    /** Default S3 part size: 8 MiB keeps requests few and memory per write small. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** Default parts in flight per write. */
    public static final int DEFAULT_PARALLEL_PARTS = 4;

    private SiloStores() {
    }

    /** The store of a silo, resolving S3 keys from the environment or the embedded endpoint. */
    public static SiloStore open(SiloConfig silo, StageContext context) {
        return open(silo, context.embeddedS3().orElse(null), DEFAULT_PART_SIZE, DEFAULT_PARALLEL_PARTS);
    }

    /** The store of a silo with explicit S3 part settings. */
    public static SiloStore open(SiloConfig silo, S3Endpoint embedded, int partSize, int parallelParts) {
        if (silo.kind() == SiloKind.POSIX) {
            try {
                return new PosixSiloStore(silo.id(), Path.of(silo.root()));
            } catch (IOException e) {
                throw new UncheckedIOException("silo " + silo.id() + ": cannot create root " + silo.root(), e);
            }
        }
        S3Endpoint endpoint = S3Endpoint.forSilo(silo, embedded, System::getenv);
        return new S3SiloStore(silo.id(), endpoint, silo.bucket(), silo.prefix(), partSize, parallelParts);
    }
}
