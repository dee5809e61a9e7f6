package io.meridian.movers;

import io.meridian.config.MeridianConfig;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.registry.SchemaRegistryException;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one move command: COPY, MOVE or DELETE_INSTANCE. A MOVE deletes its source only after
 * the new instance is verified and its FileEvent acknowledged; MOVE and DELETE_INSTANCE delete an
 * instance only after READING another instance with the same size and CRC32C (invariant 1). Used by
 * one worker thread.
 */
final class MoveExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(MoveExecutor.class);

    /** Publishes a FileEvent and returns once the broker acknowledged it. */
    interface EventSink {
        void publish(FileEvent event) throws IOException;
    }

    private final MeridianConfig config;
    private final Map<String, SiloStore> stores;
    private final CopyEngine engine;
    private final CapacityLedger ledger;
    private final InstanceEvents events;
    private final EventSink sink;

    MoveExecutor(MeridianConfig config, Map<String, SiloStore> stores, CopyEngine engine, CapacityLedger ledger,
                 InstanceEvents events, EventSink sink) {
        this.config = config;
        this.stores = stores;
        this.engine = engine;
        this.ledger = ledger;
        this.events = events;
        this.sink = sink;
    }

    /**
     * Runs the command; throws only when interrupted (shutdown), so that it is not reported and is
     * redelivered, and with a {@link SchemaRegistryException} the registry will get over (unreachable,
     * 5xx), so that the worker runs the command again rather than report a failure of a good command.
     */
    MoveOutcome execute(MoveCommand command) throws InterruptedIOException {
        try {
            return switch (command.getOp()) {
                case COPY -> copy(command, false);
                case MOVE -> copy(command, true);
                case DELETE_INSTANCE -> deleteInstance(command);
            };
        } catch (MoveFailure f) {
            return MoveOutcome.of(f);
        } catch (SymlinkRefusedException e) {
            LOG.warn("Command {} ({} {}) refused: {}", command.getCommandId(), command.getOp(), command.getPath(), e.getMessage());
            return MoveOutcome.of(new MoveFailure(MoveFailure.SYMLINK_REFUSED, e.getMessage(), e));
        } catch (InterruptedIOException | java.nio.channels.ClosedByInterruptException e) {
            throw new InterruptedIOException("interrupted: " + e.getMessage());
        } catch (SchemaRegistryException e) {
            if (MoverWorker.passes(e)) {
                throw e; // the registry is away, not the command wrong: the worker waits and runs it again
            }
            LOG.warn("Command {} ({} {}) failed: {}", command.getCommandId(), command.getOp(), command.getPath(), e.toString());
            return new MoveOutcome(MoveStatus.FAILED, 0, null, MoveFailure.IO, e.toString());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // an abandoned command must be redelivered, never reported as failed
                throw new InterruptedIOException("interrupted: " + e);
            }
            LOG.warn("Command {} ({} {}) failed: {}", command.getCommandId(), command.getOp(), command.getPath(), e.toString());
            return new MoveOutcome(MoveStatus.FAILED, 0, null, MoveFailure.IO, e.toString());
        }
    }

    private MoveOutcome copy(MoveCommand c, boolean move) throws MoveFailure, IOException {
        SiloConfig from = silo(c.getSourceSilo());
        if (c.getTargetSilo() == null) {
            throw new MoveFailure(MoveFailure.BAD_COMMAND, c.getOp() + " needs a targetSilo");
        }
        SiloConfig to = silo(c.getTargetSilo());
        String sourceKey = SiloKeys.keyOf(from, c.getPath());
        String targetKey = SiloKeys.keyOf(to, c.getPath());
        SiloStore source = stores.get(from.id());
        SiloStore target = stores.get(to.id());
        if (move && source.stat(sourceKey).isEmpty()) {
            return finishedMove(c, target, targetKey);
        }
        CopyEngine.Copied copied = engine.copy(source, sourceKey, target, targetKey, c.getExpected());
        sink.publish(events.added(c.getPath(), to.id(), copied.target(), copied.crc32c()));
        if (move) {
            removeSource(c, source, sourceKey, target, targetKey, copied.crc32c());
        } else if (copied.alreadyPresent()) {
            reportSourceChecksum(c, from.id(), copied);
        }
        if (!copied.alreadyPresent()) {
            return new MoveOutcome(MoveStatus.SUCCEEDED, copied.bytes(), copied.crc32c(), null, null);
        }
        return new MoveOutcome(MoveStatus.ALREADY_PRESENT, 0, copied.crc32c(), null, null, copied.crc32c());
    }

    /**
     * A COPY that found its content already in the target (e.g. committed by a mover killed before it
     * reported) streamed nothing, so the classifier cannot learn the source's CRC32C from the result;
     * the mover established it (same size and CRC32C as the target, source unchanged since stat) and
     * publishes it as an event of the source instance, so that exclusive moves and copy counts can
     * see a verified second copy.
     */
    private void reportSourceChecksum(MoveCommand c, String sourceSilo, CopyEngine.Copied copied) throws IOException {
        sink.publish(events.added(c.getPath(), sourceSilo, copied.source(), copied.crc32c()));
    }

    /** A redelivered MOVE whose source is gone: done when the target holds the planned version. */
    private MoveOutcome finishedMove(MoveCommand c, SiloStore target, String targetKey) throws IOException, MoveFailure {
        Optional<ObjectStat> there = target.stat(targetKey);
        Long expectedCrc = c.getExpected().getCrc32c();
        if (there.isPresent() && there.get().size() == c.getExpected().getSize()
                && there.get().mtimeMillis() == c.getExpected().getMtime().toEpochMilli()) {
            long crc = Crc32cs.of(target, targetKey);
            if (expectedCrc == null || expectedCrc == crc) {
                return new MoveOutcome(MoveStatus.ALREADY_PRESENT, 0, crc, null, "source already moved");
            }
        }
        throw new MoveFailure(MoveFailure.SOURCE_MISSING, "source " + c.getPath() + " is gone from silo "
                + c.getSourceSilo() + " and the target does not hold the planned version");
    }

    private void removeSource(MoveCommand c, SiloStore source, String sourceKey, SiloStore target, String targetKey,
                              long crc) throws IOException, MoveFailure {
        if (!verifiedInstance(target, targetKey, c.getExpected().getSize(), crc)) {
            throw new MoveFailure(MoveFailure.CHECKSUM_MISMATCH, "the new instance of " + c.getPath() + " in silo "
                    + target.siloId() + " did not verify on read-back; the source was kept");
        }
        ObjectStat stat = Preconditions.check(source, sourceKey, c.getExpected());
        source.delete(sourceKey);
        ledger.removed(source.siloId(), stat.size());
        sink.publish(events.removed(c.getPath(), source.siloId()));
    }

    private MoveOutcome deleteInstance(MoveCommand c) throws MoveFailure, IOException {
        SiloConfig silo = silo(c.getSourceSilo());
        String key = SiloKeys.keyOf(silo, c.getPath());
        SiloStore store = stores.get(silo.id());
        if (store.stat(key).isEmpty()) {
            sink.publish(events.removed(c.getPath(), silo.id()));
            return new MoveOutcome(MoveStatus.SUCCEEDED, 0, null, null, "instance already absent");
        }
        ObjectStat stat = Preconditions.check(store, key, c.getExpected());
        long crc = c.getExpected().getCrc32c() != null ? c.getExpected().getCrc32c() : Crc32cs.of(store, key);
        if (!verifiedElsewhere(c, silo.id(), stat.size(), crc)) {
            throw new MoveFailure(MoveFailure.LAST_INSTANCE, "no other instance of " + c.getPath() + " with size "
                    + stat.size() + " and the expected CRC32C could be read; silo " + silo.id() + " keeps it");
        }
        Preconditions.check(store, key, c.getExpected());
        store.delete(key);
        ledger.removed(silo.id(), stat.size());
        sink.publish(events.removed(c.getPath(), silo.id()));
        return new MoveOutcome(MoveStatus.SUCCEEDED, 0, crc, null, null);
    }

    /** Reads candidate instances (the command's targetSilo first) until one has the same size and CRC32C. */
    private boolean verifiedElsewhere(MoveCommand c, String exclude, long size, long crc) {
        java.util.List<SiloConfig> candidates = new java.util.ArrayList<>(config.silos());
        candidates.sort(java.util.Comparator.comparing(s -> !s.id().equals(c.getTargetSilo())));
        for (SiloConfig other : candidates) {
            if (other.id().equals(exclude) || !SiloKeys.covers(other, c.getPath())) {
                continue;
            }
            try {
                if (verifiedInstance(stores.get(other.id()), SiloKeys.keyOf(other, c.getPath()), size, crc)) {
                    return true;
                }
            } catch (IOException | MoveFailure e) {
                LOG.info("Instance of {} in silo {} could not be verified: {}", c.getPath(), other.id(), e.getMessage());
            }
        }
        return false;
    }

    private static boolean verifiedInstance(SiloStore store, String key, long size, long crc) throws IOException {
        Optional<ObjectStat> stat = store.stat(key);
        return stat.isPresent() && stat.get().size() == size && Crc32cs.of(store, key) == crc;
    }

    private SiloConfig silo(String id) throws MoveFailure {
        return config.silo(id).filter(s -> stores.containsKey(s.id())).orElseThrow(() -> new MoveFailure(
                MoveFailure.BAD_COMMAND, "unknown silo '" + id + "': add it to meridian.yaml or fix the command"));
    }
}
