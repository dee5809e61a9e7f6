package io.meridian.watchers.posix;

import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.storage.Keys;
import io.meridian.watchers.publish.SequenceClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one path below a POSIX silo root into an {@link Observation}: one {@code lstat} (symlinks are
 * described, never followed), the logical path from the silo's mount, and a sequencer taken just
 * before the stat. Names that are not valid UTF-8 or that LogicalPath refuses are skipped with the
 * reason, never altered. Thread-safe: the scan's readers share one.
 */
final class EntryReader {
    private static final String ATTRIBUTES = "unix:mode,uid,size,lastModifiedTime,ino,dev";
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_SYMLINK = 0120000;

    private final String silo;
    private final Path root;
    private final String mount;
    private final SequenceClock clock;
    private final Map<Integer, String> owners = new ConcurrentHashMap<>();

    EntryReader(String silo, Path root, String mount, SequenceClock clock) {
        this.silo = silo;
        this.root = root;
        this.mount = mount;
        this.clock = clock;
    }

    /** The silo root, absolute and normalized. */
    Path root() {
        return root;
    }

    /**
     * Whether {@code path} is never watched: its key below the root is {@link Keys#isInternal} (a
     * mover's uncommitted {@code .meridian-tmp-*} copy or directory, invariant 2). The scan does not
     * descend into an ignored directory.
     */
    boolean ignored(Path path) {
        return !path.equals(root) && Keys.isInternal(root.relativize(path).toString(), Keys.UNKNOWN_SIZE);
    }

    /** Looks at {@code path}; empty when it vanished or is ignored. */
    Optional<Observation> read(Path path, EventSource source) throws IOException {
        if (ignored(path)) {
            return Optional.empty();
        }
        String rejected = NameCheck.problem(path);
        if (rejected != null) {
            return Optional.of(Observation.skipped(path, rejected));
        }
        String logical;
        try {
            logical = logicalPath(path);
        } catch (PathRejectedException e) {
            return Optional.of(Observation.skipped(path, e.getMessage()));
        }
        Instant observed = clock.now();
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int mode = (Integer) attrs.get("mode");
        if ((mode & TYPE_MASK) == TYPE_DIRECTORY) {
            return Optional.of(Observation.directory(path));
        }
        return Optional.of(Observation.entry(path, event(path, logical, attrs, mode, observed, source)));
    }

    private FileEvent event(Path path, String logical, Map<String, Object> attrs, int mode, Instant observed,
                            EventSource source) throws IOException {
        FileType type = fileType(mode);
        FileEvent.Builder event = FileEvent.newBuilder()
                .setPath(logical).setSilo(silo).setType(FileEventType.UPSERT).setFileType(type)
                .setSize(type == FileType.SYMLINK ? 0 : (Long) attrs.get("size"))
                .setMtime(((FileTime) attrs.get("lastModifiedTime")).toInstant())
                .setMode(mode & 07777)
                .setOwner(owner(path, (Integer) attrs.get("uid")))
                .setFileKey(attrs.get("dev") + ":" + attrs.get("ino"))
                .setSequencer(clock.next(observed)).setSource(source).setObservedAt(observed);
        if (type == FileType.SYMLINK) {
            event.setSymlinkTarget(Files.readSymbolicLink(path).toString());
        }
        return event.build();
    }

    /** The UNREADABLE event of a directory or entry that could not be read. */
    FileEvent unreadable(Path path, String reason, EventSource source) {
        Instant observed = clock.now();
        return FileEvent.newBuilder()
                .setPath(logicalPathOrMount(path)).setSilo(silo).setType(FileEventType.UNREADABLE)
                .setFileType(FileType.DIRECTORY).setMtime(observed).setSequencer(clock.next(observed))
                .setSource(source).setObservedAt(observed).setMessage(reason).build();
    }

    /** The logical path of a file below the root; throws PathRejectedException when it is not valid. */
    String logicalPath(Path path) {
        return LogicalPath.under(mount, root.relativize(path).toString());
    }

    /** The logical directory prefix (ending in '/') of a directory below or at the root. */
    String logicalDirectory(Path dir) {
        if (dir.equals(root)) {
            return mount.endsWith("/") ? mount : mount + "/";
        }
        return logicalPath(dir) + "/";
    }

    private String logicalPathOrMount(Path path) {
        if (path.equals(root)) {
            String trimmed = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
            return trimmed.isEmpty() ? "/" : trimmed;
        }
        return logicalPath(path);
    }

    private String owner(Path path, int uid) {
        return owners.computeIfAbsent(uid, id -> {
            try {
                return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            } catch (IOException e) {
                return Integer.toString(id);
            }
        });
    }

    private static FileType fileType(int mode) {
        return switch (mode & TYPE_MASK) {
            case TYPE_FILE -> FileType.FILE;
            case TYPE_SYMLINK -> FileType.SYMLINK;
            case TYPE_DIRECTORY -> FileType.DIRECTORY;
            default -> FileType.OTHER;
        };
    }
}
