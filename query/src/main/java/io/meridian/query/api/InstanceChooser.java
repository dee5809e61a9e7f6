package io.meridian.query.api;

import io.meridian.namespace.LogicalPath;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which copies of a file the read path tries, best first: present instances only, in a silo it can
 * read (POSIX, or S3 silos of this process's config), at the reader's site first, then on the fastest tier (nvme, performance, capacity,
 * archive). The caller falls back to the next candidate when one has vanished (a move deleted its
 * source), so a file stays readable while it moves.
 */
final class InstanceChooser {

    /** A readable copy: its silo and either the POSIX file it is in or its key in an S3 silo. */
    record Candidate(Silo silo, Instance instance, Path file, String key) {
    }

    private final MetadataStore store;
    private final Predicate<String> readableS3;

    /** {@code readableS3} says which S3 silos this process can open (those of its config). */
    InstanceChooser(MetadataStore store, Predicate<String> readableS3) {
        this.store = store;
        this.readableS3 = readableS3;
    }

    List<Candidate> candidates(FileRow row, String preferredSite) {
        List<Candidate> out = new ArrayList<>();
        for (Instance instance : row.record().getInstances()) {
            if (instance.getState() != InstanceState.PRESENT) {
                continue;
            }
            store.silo(instance.getSilo()).flatMap(silo -> candidate(silo, instance, row.path())).ifPresent(out::add);
        }
        out.sort(Comparator.<Candidate>comparingInt(c -> c.silo().getSite().equals(preferredSite) ? 0 : 1)
                .thenComparing(c -> -c.silo().getTier().ordinal()));
        return out;
    }

    private Optional<Candidate> candidate(Silo silo, Instance instance, String path) {
        if (silo.getKind() == SiloKind.S3) {
            boolean readable = readableS3.test(silo.getId()) && LogicalPath.isUnder(path, silo.getMount());
            return readable ? Optional.of(new Candidate(silo, instance, null, relative(silo, path))) : Optional.empty();
        }
        return posixFile(silo, path).map(file -> new Candidate(silo, instance, file, null));
    }

    /** The path below the silo's mount, '/'-separated, without a leading '/'. */
    static String relative(Silo silo, String path) {
        String mount = silo.getMount().endsWith("/") ? silo.getMount() : silo.getMount() + "/";
        return path.substring(mount.length());
    }

    /** The file of a logical path in a POSIX silo; empty when the silo is not POSIX or the path is outside its mount. */
    static Optional<Path> posixFile(Silo silo, String path) {
        if (silo.getKind() != SiloKind.POSIX || silo.getRoot() == null || !LogicalPath.isUnder(path, silo.getMount())) {
            return Optional.empty();
        }
        String relative = relative(silo, path);
        Path root = Path.of(silo.getRoot()).toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        // LogicalPath already refuses '..'; this also holds if a future path rule were looser.
        return file.startsWith(root) && !file.equals(root) ? Optional.of(file) : Optional.empty();
    }
}
