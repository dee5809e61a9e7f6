package io.meridian.query.api;

import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.Silo;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SiloStores;
import io.meridian.storage.posix.PosixSiloStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path's access to silos. S3: one {@link SiloStore} per silo of this process's config,
 * opened on first read and kept (thread-safe) until {@link #close}; a silo that is not in the config
 * (another process's, known only from {@code meridian.silos}) has no store: its copies are skipped.
 * POSIX: one {@link PosixSiloStore#reader} per silo root announced in {@code meridian.silos}, so that
 * every read is confined to the root and never follows a symlink (DESIGN.md invariant 9).
 */
final class SiloReaders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiloReaders.class);

    private final MeridianConfig config;
    private final S3Endpoint embedded;
    private final Map<String, SiloStore> stores = new ConcurrentHashMap<>();
    private final Map<String, PosixSiloStore> posixStores = new ConcurrentHashMap<>();

    SiloReaders(MeridianConfig config, S3Endpoint embedded) {
        this.config = config;
        this.embedded = embedded;
    }

    boolean canRead(String siloId) {
        return config.silo(siloId).isPresent();
    }

    Optional<SiloStore> store(String siloId) {
        Optional<SiloConfig> silo = config.silo(siloId);
        return silo.map(s -> stores.computeIfAbsent(siloId, id -> SiloStores.open(s, embedded,
                SiloStores.DEFAULT_PART_SIZE, SiloStores.DEFAULT_PARALLEL_PARTS)));
    }

    /** The confined reader of a POSIX silo with a root; keyed by id and root, as a silo's root may be changed. */
    PosixSiloStore posix(Silo silo) {
        return posixStores.computeIfAbsent(silo.getId() + "\u0000" + silo.getRoot(),
                k -> PosixSiloStore.reader(silo.getId(), Path.of(silo.getRoot())));
    }

    @Override
    public void close() {
        stores.forEach((id, store) -> {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the store of silo {} failed: {}", id, e.getMessage());
            }
        });
        stores.clear();
        posixStores.clear(); // they hold nothing between reads
    }
}
