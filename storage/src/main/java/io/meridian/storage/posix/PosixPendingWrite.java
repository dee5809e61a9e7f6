package io.meridian.storage.posix;

import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.TargetFullException;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * A write to {@code .meridian-tmp-<uuid>} next to the target. The temp file stays locked while this
 * writer lives so that {@link PosixSiloStore#cleanLeftovers} can tell a live write from a dead one.
 * {@link #persistedCrc32c()} sets mode and mtime, fsyncs, and returns the CRC32C of the bytes handed to
 * {@code write(2)} — or of the file read back when the silo asks for it (see {@link PosixSiloStore} for
 * why the page-cache read-back is not the default); commit renames it over the target and fsyncs the
 * directory (shared with concurrent commits, {@link DirectorySync}). Every step works on the target's
 * directory as verified and held open by a {@link ConfinedPath}, never on a path.
 */
final class PosixPendingWrite implements PendingWrite {
    private static final int READ_BACK_BUFFER = 1 << 20;

    private final ConfinedPath at;
    private final Path temp;
    private final WriteOptions options;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean readBack;
    private final CRC32C writtenCrc = new CRC32C();
    private final EarlyFlush earlyFlush;
    private long written;
    private boolean finished;
    private boolean verified;

    private PosixPendingWrite(ConfinedPath at, Path temp, WriteOptions options, FileChannel channel, FileLock lock,
                              boolean readBack) {
        this.at = at;
        this.temp = temp;
        this.options = options;
        this.channel = channel;
        this.lock = lock;
        this.readBack = readBack;
        this.earlyFlush = new EarlyFlush(channel);
    }

    /**
     * Names of the temp files this JVM is writing (unique: they end in a random UUID). The leftover sweep
     * must not even open them: POSIX releases every lock a process holds on a file when it closes any
     * descriptor of that file, so a sweep in this JVM would silently unlock a live write and let another
     * mover's sweep delete it.
     */
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static boolean inFlight(Path tempName) {
        return IN_FLIGHT.contains(tempName.toString());
    }

    /** Starts a write of {@code at}'s key; the write owns {@code at} from now on, and closes it. */
    static PosixPendingWrite open(ConfinedPath at, WriteOptions options, boolean readBack) throws IOException {
        try {
            return start(at, options, readBack);
        } catch (IOException | RuntimeException e) {
            at.close();
            throw e;
        }
    }

    private static PosixPendingWrite start(ConfinedPath at, WriteOptions options, boolean readBack) throws IOException {
        Path temp = Path.of(SiloStore.TEMP_PREFIX + UUID.randomUUID());
        IN_FLIGHT.add(temp.toString());
        FileChannel channel;
        try {
            channel = at.createNew(temp);
        } catch (IOException | RuntimeException e) {
            IN_FLIGHT.remove(temp.toString());
            throw e;
        }
        try {
            FileLock lock = channel.lock();
            if (!at.exists(temp)) {
                // another process's sweep found it in the instant between its creation and our lock, and
                // deleted it while holding the lock (PosixSiloStore#cleanLeftovers): write under a new name
                channel.close();
                IN_FLIGHT.remove(temp.toString());
                return start(at, options, readBack);
            }
            return new PosixPendingWrite(at, temp, options, channel, lock, readBack);
        } catch (IOException | RuntimeException e) {
            channel.close();
            at.delete(temp);
            IN_FLIGHT.remove(temp.toString());
            throw e;
        }
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        ByteBuffer accepted = data.duplicate();
        try {
            while (data.hasRemaining()) {
                written += channel.write(data);
            }
        } catch (IOException e) {
            throw translate(e);
        } finally {
            // the CRC32C of exactly the bytes the kernel accepted
            accepted.limit(data.position());
            writtenCrc.update(accepted);
        }
        earlyFlush.written(written);
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public long persistedCrc32c() throws IOException {
        // attributes before the one fsync: commit then needs only the rename and the directory fsync
        at.setTimesAndMode(temp, options.mtimeMillis(), options.mode());
        earlyFlush.awaitQuietly();
        try {
            channel.force(true);
        } catch (IOException e) {
            throw translate(e);
        }
        verified = true;
        return readBack ? readBack() : writtenCrc.getValue();
    }

    private long readBack() throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(READ_BACK_BUFFER, Math.max(8192, written)));
        long position = 0;
        for (int n = channel.read(buffer, position); n > 0; n = channel.read(buffer, position)) {
            position += n;
            buffer.flip();
            crc.update(buffer);
            buffer.clear();
        }
        if (position != written) {
            verified = false;
            throw new IOException("read back " + position + " bytes of " + at.pathOf(temp) + " but wrote " + written);
        }
        return crc.getValue();
    }

    @Override
    public ObjectStat commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("write of " + at.key() + " already committed or aborted");
        }
        if (!verified) {
            throw new IllegalStateException("commit of " + at.key() + " before persistedCrc32c(): the content is not verified");
        }
        try {
            at.renameOverKey(temp);
            finished = true;
            release();
            at.fsyncDirectory();
            return at.stat();
        } finally {
            if (finished) {
                at.close();
            }
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        release();
        try {
            at.delete(temp);
        } catch (IOException e) {
            // the leftover sweep removes it later: the lock is released, so it counts as abandoned
        } finally {
            at.close();
        }
    }

    private void release() {
        earlyFlush.cancel();
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing a file we are done with cannot lose data that was already fsync-ed
        } finally {
            IN_FLIGHT.remove(temp.toString());
        }
    }

    private IOException translate(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new TargetFullException("no space left for " + at.pathOf(at.leaf()) + " (" + message + "); free space or pick another silo");
        }
        return e;
    }
}
