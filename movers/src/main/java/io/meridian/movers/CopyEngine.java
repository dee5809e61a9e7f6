package io.meridian.movers;

import io.meridian.schemas.Precondition;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.TargetFullException;
import io.meridian.storage.WriteOptions;
import io.meridian.storage.posix.PosixSiloStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Copies one object between two silos, verified end to end: the CRC32C of the bytes read from the
 * source must equal the CRC32C of what the target store holds before the write is committed; the
 * source must match the command's expectations before and still after the copy (else
 * SOURCE_CHANGED, nothing committed); a target that already holds identical content (size and
 * CRC32C, never the ETag) is left alone (ALREADY_PRESENT). Identical content is established by
 * CRC32C on both sides: the source's comes from the command or the store's metadata, or is read
 * (and the source must then still be the version stat saw), the target's from its metadata
 * ({@code meridian-crc32c}) or read; a target of the same size with another CRC32C is stale and
 * overwritten by the normal copy.
 *
 * <p>One engine per thread: it reuses one direct buffer. Memory is that buffer plus what the target
 * store bounds per write.
 */
public final class CopyEngine {
    /**
     * Outcome of a copy that did not fail.
     *
     * @param alreadyPresent the target already held identical content; nothing was written
     * @param bytes          bytes copied (0 when already present)
     * @param crc32c         CRC32C of the target content, which is also the source's
     * @param target         the target object as committed (or found)
     * @param source         the source version {@code crc32c} belongs to, checked unchanged after it was read
     */
    public record Copied(boolean alreadyPresent, long bytes, long crc32c, ObjectStat target, ObjectStat source) {
    }

    private final ByteBuffer buffer;
    private final CapacityLedger ledger;
    private final Function<String, Throttle> throttles;

    /** An engine without capacity bookkeeping or bandwidth limits (benchmarks, tools). */
    public CopyEngine(int bufferSize) {
        this(bufferSize, new CapacityLedger(java.util.Map.of()), silo -> Throttle.UNLIMITED);
    }

    CopyEngine(int bufferSize, CapacityLedger ledger, Function<String, Throttle> throttles) {
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        this.ledger = ledger;
        this.throttles = throttles;
    }

    /** Copies {@code sourceKey} to {@code targetKey}; {@code expected} may be null (no precondition but stability). */
    public Copied copy(SiloStore source, String sourceKey, SiloStore target, String targetKey, Precondition expected)
            throws MoveFailure, IOException {
        ObjectStat before = Preconditions.check(source, sourceKey, expected);
        Long knownCrc = expected != null && expected.getCrc32c() != null ? expected.getCrc32c() : before.crc32c();
        Optional<ObjectStat> existing = target.stat(targetKey);
        Copied present = alreadyPresent(source, sourceKey, before, knownCrc, target, targetKey, existing);
        if (present != null) {
            return present;
        }
        ensureRoom(target, before.size());
        ledger.reserve(target.siloId(), before.size());
        boolean committed = false;
        try {
            WriteOptions options = new WriteOptions(before.mtimeMillis(), before.mode(), before.size(), knownCrc);
            Copied copied = target.serverSideCopy(source, sourceKey, targetKey, options)
                    ? verifyServerSideCopy(source, sourceKey, target, targetKey, before, knownCrc)
                    : stream(source, sourceKey, target, targetKey, before, options, knownCrc);
            committed = true;
            if (existing.isPresent()) {
                ledger.removed(target.siloId(), existing.get().size());
            }
            return copied;
        } catch (TargetFullException e) {
            throw new MoveFailure(MoveFailure.TARGET_FULL, e.getMessage(), e);
        } finally {
            if (!committed) {
                ledger.release(target.siloId(), before.size());
            }
        }
    }

    /**
     * The outcome when the target already holds the source's content (same size and CRC32C), else null.
     * A source CRC32C that had to be read counts only if the source is still the version stat saw.
     */
    private static Copied alreadyPresent(SiloStore source, String sourceKey, ObjectStat before, Long knownCrc,
                                         SiloStore target, String targetKey, Optional<ObjectStat> existing)
            throws IOException, MoveFailure {
        if (existing.isEmpty() || existing.get().size() != before.size()) {
            return null;
        }
        long sourceCrc = knownCrc != null ? knownCrc : Crc32cs.of(source, sourceKey);
        long targetCrc = existing.get().crc32c() != null ? existing.get().crc32c() : Crc32cs.of(target, targetKey);
        if (sourceCrc != targetCrc) {
            return null; // stale target of the same size: overwritten by the normal copy
        }
        Preconditions.stillSame(source, sourceKey, before);
        return new Copied(true, 0, targetCrc, existing.get(), before);
    }

    private static void ensureRoom(SiloStore target, long size) throws IOException, MoveFailure {
        long free = target.freeBytes();
        if (free < size) {
            throw new MoveFailure(MoveFailure.TARGET_FULL, "silo " + target.siloId() + " has " + free
                    + " bytes free, the file needs " + size + "; free space or pick another silo");
        }
    }

    private Copied stream(SiloStore source, String sourceKey, SiloStore target, String targetKey, ObjectStat before,
                        WriteOptions options, Long knownCrc) throws IOException, MoveFailure {
        try (PendingWrite write = target.create(targetKey, options)) {
            long[] read = new long[1];
            long crc = pump(source, sourceKey, target.siloId(), write, read);
            if (read[0] != before.size() || (knownCrc != null && knownCrc != crc)) {
                throw new MoveFailure(MoveFailure.SOURCE_CHANGED, "source " + sourceKey + " in silo " + source.siloId()
                        + " changed while it was copied (read " + read[0] + " of " + before.size() + " bytes)");
            }
            long persisted = write.persistedCrc32c();
            if (persisted != crc) {
                throw new MoveFailure(MoveFailure.CHECKSUM_MISMATCH, String.format("target %s in silo %s holds CRC32C "
                        + "%08x but the source read %08x; not committed", targetKey, target.siloId(), persisted, crc));
            }
            Preconditions.stillSame(source, sourceKey, before);
            return new Copied(false, before.size(), crc, write.commit(), before);
        }
    }

    private long pump(SiloStore source, String sourceKey, String targetSilo, PendingWrite write, long[] read)
            throws IOException {
        Throttle in = throttles.apply(source.siloId());
        Throttle out = throttles.apply(targetSilo);
        CRC32C crc = new CRC32C();
        try (ReadableByteChannel channel = source instanceof PosixSiloStore posix
                ? posix.openChannel(sourceKey, 0) : Channels.newChannel(source.open(sourceKey, 0, -1))) {
            buffer.clear();
            for (int n = channel.read(buffer); n >= 0; n = channel.read(buffer)) {
                if (buffer.hasRemaining() && n > 0) {
                    continue; // fill the buffer: fewer, larger writes
                }
                drain(crc, write, in, out, read);
            }
            drain(crc, write, in, out, read);
        } catch (NoSuchFileException e) {
            throw new IOException("source " + sourceKey + " in silo " + source.siloId() + " vanished during the copy", e);
        }
        return crc.getValue();
    }

    private void drain(CRC32C crc, PendingWrite write, Throttle in, Throttle out, long[] read) throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        if (n > 0) {
            in.acquire(n);
            out.acquire(n);
            crc.update(buffer.duplicate());
            write.write(buffer);
            read[0] += n;
        }
        buffer.clear();
    }

    private static Copied verifyServerSideCopy(SiloStore source, String sourceKey, SiloStore target, String targetKey,
                                             ObjectStat before, Long knownCrc) throws IOException, MoveFailure {
        long sourceCrc = knownCrc != null ? knownCrc : Crc32cs.of(source, sourceKey);
        long targetCrc = Crc32cs.of(target, targetKey);
        ObjectStat copied = target.stat(targetKey).orElse(null);
        if (targetCrc != sourceCrc || copied == null || copied.size() != before.size()) {
            target.delete(targetKey); // the endpoint copied something else: never leave it as a verified instance
            throw new MoveFailure(MoveFailure.CHECKSUM_MISMATCH, "server-side copy of " + sourceKey + " to silo "
                    + target.siloId() + " does not match the source; removed");
        }
        Preconditions.stillSame(source, sourceKey, before);
        return new Copied(false, before.size(), targetCrc, copied, before);
    }

    static boolean sameVersion(ObjectStat a, ObjectStat b) {
        return a.size() == b.size() && a.mtimeMillis() == b.mtimeMillis() && Objects.equals(a.etag(), b.etag())
                && Objects.equals(a.fileKey(), b.fileKey());
    }
}
