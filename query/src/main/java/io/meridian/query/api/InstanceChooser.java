package io.meridian.query.api;

import io.meridian.namespace.SiloLocations;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which copies of a file the read path tries, best first: present instances only, in a silo it can
 * read (POSIX silos, through their confined store; S3 silos of this process's config), at the reader's
 * site first, then on the fastest tier (nvme, performance, capacity, archive). The caller falls back to the next candidate when one has vanished (a move deleted its
 * source), so a file stays readable while it moves.
 */
final class InstanceChooser {

    /** A readable copy: its silo and its key there (the path below the silo's mount). */
    record Candidate(Silo silo, Instance instance, String key) {
        boolean posix() {
            return silo.getKind() == SiloKind.POSIX;
        }
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
        boolean reachable = switch (silo.getKind()) {
            case POSIX -> silo.getRoot() != null;
            case S3 -> readableS3.test(silo.getId());
        };
        boolean readable = reachable && SiloLocations.covers(silo.getMount(), path);
        return readable ? Optional.of(new Candidate(silo, instance, SiloLocations.relative(silo.getMount(), path)))
                : Optional.empty();
    }
}
