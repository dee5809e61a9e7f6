package io.meridian.config;

import io.meridian.schemas.SiloKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether two silos store their files in the same place. One stored file must belong to exactly one
 * silo: if it belonged to two, Meridian would count it as two instances, and deleting "the other
 * copy" (invariant 1) would delete the only one; a root nested inside another silo's root would let
 * the outer silo's moves write into the inner one.
 *
 * <p>The rule:
 * <ul>
 *   <li>POSIX roots overlap when they are equal or one contains the other, compared by path
 *       component after normalisation ({@code .}, {@code ..}, trailing '/') and after resolving
 *       symbolic links in the part of the path that exists: {@code /data/a} and {@code /data/ab} are
 *       siblings, {@code /data/a} and {@code /data/a/b/} overlap.</li>
 *   <li>S3 silos overlap when they name the same bucket on the same endpoint (compared without case
 *       and trailing '/') and one key prefix, read as a directory ({@code datasets} is
 *       {@code datasets/}), contains the other; no prefix is the whole bucket.</li>
 *   <li>A POSIX and an S3 silo never overlap.</li>
 *   <li>Mounts are not compared. Silos may share a mount ({@code nas} and {@code gpu-nvme} both at
 *       {@code /datasets}) or have nested ones: each silo maps its own files to logical paths one to
 *       one, and the same logical path in two silos is two instances of one file, which is what
 *       placement moves between. Only shared storage is ambiguous.</li>
 * </ul>
 */
final class SiloOverlaps {
    private SiloOverlaps() {
    }

    /**
     * What is wrong with {@code silo} next to {@code other} (named {@code otherField} in messages,
     * e.g. {@code silos[0] (nas)}), or empty when they do not share storage.
     */
    static Optional<String> conflict(SiloConfig silo, SiloConfig other, String otherField) {
        if (silo.kind() != other.kind()) {
            return Optional.empty();
        }
        return silo.kind() == SiloKind.POSIX ? rootConflict(silo, other, otherField) : bucketConflict(silo, other, otherField);
    }

    /** The field whose value conflicts: {@code root}, {@code prefix} or {@code bucket}. */
    static String conflictingField(SiloConfig silo) {
        if (silo.kind() == SiloKind.POSIX) {
            return "root";
        }
        return silo.prefix() == null || silo.prefix().isEmpty() ? "bucket" : "prefix";
    }

    private static Optional<String> rootConflict(SiloConfig silo, SiloConfig other, String otherField) {
        Path mine = canonical(silo.root());
        Path theirs = canonical(other.root());
        String why = "; silo roots must not overlap (a file would belong to two silos)";
        if (mine.equals(theirs)) {
            return Optional.of("'" + silo.root() + "' is also the root of " + otherField + why);
        }
        if (mine.startsWith(theirs)) {
            return Optional.of("'" + silo.root() + "' is inside the root of " + otherField + ", '" + other.root() + "'" + why);
        }
        if (theirs.startsWith(mine)) {
            return Optional.of("'" + silo.root() + "' contains the root of " + otherField + ", '" + other.root() + "'" + why);
        }
        return Optional.empty();
    }

    private static Optional<String> bucketConflict(SiloConfig silo, SiloConfig other, String otherField) {
        if (!endpoint(silo).equals(endpoint(other)) || !silo.bucket().equals(other.bucket())) {
            return Optional.empty();
        }
        String mine = directory(silo.prefix());
        String theirs = directory(other.prefix());
        if (!mine.startsWith(theirs) && !theirs.startsWith(mine)) {
            return Optional.empty();
        }
        return Optional.of("bucket '" + silo.bucket() + "' " + describe(mine) + " overlaps " + otherField + ", "
                + describe(theirs) + " of the same bucket on " + silo.endpoint()
                + "; silos must not share keys (a file would belong to two silos)");
    }

    private static String describe(String prefix) {
        return prefix.isEmpty() ? "(whole bucket)" : "prefix '" + prefix + "'";
    }

    private static String endpoint(SiloConfig silo) {
        String url = silo.endpoint().toLowerCase(Locale.ROOT);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A key prefix as the S3 stores and watchers use it: a directory of keys. */
    private static String directory(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /**
     * The absolute, normalised path with symbolic links resolved in its longest existing part, so
     * that a link to another silo's root is seen for what it is; a path that does not exist (yet)
     * is compared as written.
     */
    static Path canonical(String root) {
        Path path = Path.of(root).toAbsolutePath().normalize();
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException | SecurityException e) {
            return path;
        }
    }
}
