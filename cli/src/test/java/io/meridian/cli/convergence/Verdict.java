package io.meridian.cli.convergence;

import io.meridian.cli.convergence.Snapshot.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is wrong with one look at a namespace, each problem one line, none when all is well:
 * <ul>
 *   <li>{@link #divergence}: the view against storage (DESIGN.md invariant 10): instances missing from
 *       the view, extra in it, or with another size; a CRC32C in the view that is not the bytes'; a copy
 *       a mover made whose verified CRC32C the view lost;</li>
 *   <li>{@link #placement}: a policy's target not reached: a live {@code /hot/} file without an
 *       instance on the NVMe silo, a live {@code /cold/} file anywhere but (only) in the archive;</li>
 *   <li>{@link #lost} and {@link #corrupt}: a live file whose current content is in no silo, an instance
 *       whose bytes are none of the contents the harness ever wrote at its path.</li>
 * </ul>
 */
final class Verdict {
    /** How a problem line about a hook event for a file that never existed ends. */
    static final String GHOST = " (a hook event for a file that never existed)";

    private Verdict() {
    }

    static List<String> divergence(Map<Row, Long> storage, Map<Row, Long> view, FileModel model) {
        Map<String, Row> viewBySiloPath = bySiloPath(view.keySet());
        Map<String, Row> storageBySiloPath = bySiloPath(storage.keySet());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Row, Long> entry : storage.entrySet()) {
            Row row = entry.getKey();
            Row seen = viewBySiloPath.get(key(row));
            if (seen == null) {
                problems.add("missing from the view: " + row);
            } else if (seen.size() != row.size()) {
                problems.add("different size: " + row + " on storage, " + seen.size() + " B in the view");
            } else {
                checksum(row, entry.getValue(), view.get(seen), model).ifPresent(problems::add);
            }
        }
        for (Row row : view.keySet()) {
            if (!storageBySiloPath.containsKey(key(row))) {
                problems.add("extra in the view: " + row + (model.isGhost(row.path()) ? GHOST : ""));
            }
        }
        return problems;
    }

    private static Optional<String> checksum(Row row, long bytes, Long viewCrc, FileModel model) {
        if (viewCrc != null && viewCrc != bytes) {
            return Optional.of("wrong crc32c: " + row + " has " + bytes + ", the view says " + viewCrc);
        }
        if (viewCrc == null && !model.wroteHere(row.silo(), row.path(), bytes)) {
            return Optional.of("unverified copy: " + row + " was made by a mover, the view has no crc32c");
        }
        return Optional.empty();
    }

    static List<String> placement(Map<Row, Long> storage, FileModel model) {
        Map<String, Set<String>> silosByPath = new HashMap<>();
        storage.keySet().forEach(r -> silosByPath.computeIfAbsent(r.path(), p -> new TreeSet<>()).add(r.silo()));
        List<String> problems = new ArrayList<>();
        for (FileModel.Live file : model.live()) {
            Set<String> silos = silosByPath.getOrDefault(file.path(), Set.of());
            if (file.path().contains("/hot/") && !silos.contains(ConvergenceStack.NVME)) {
                problems.add("hot-on-nvme not reached: " + file.path() + " is on " + silos);
            } else if (file.path().contains("/cold/") && !silos.equals(Set.of(ConvergenceStack.ARCHIVE))) {
                problems.add("cold-to-archive not reached: " + file.path() + " is on " + silos);
            }
        }
        return problems;
    }

    static List<String> lost(Map<Row, Long> storage, FileModel model) {
        List<String> problems = new ArrayList<>();
        for (FileModel.Live file : model.live()) {
            long crc = file.crc();
            boolean found = storage.entrySet().stream().anyMatch(e -> e.getKey().path().equals(file.path()) && e.getValue() == crc);
            if (!found) {
                problems.add("lost: " + file.path() + " (" + file.content().length + " B, crc32c " + crc + ", written on "
                        + file.silo() + ") is in no silo");
            }
        }
        return problems;
    }

    static List<String> corrupt(Map<Row, Long> storage, FileModel model) {
        List<String> problems = new ArrayList<>();
        storage.forEach((row, crc) -> {
            if (!model.isVersionOf(row.path(), crc)) {
                problems.add("corrupt: " + row + " holds bytes (crc32c " + crc + ") never written at that path");
            }
        });
        return problems;
    }

    private static Map<String, Row> bySiloPath(Set<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        rows.forEach(r -> map.put(key(r), r));
        return map;
    }

    private static String key(Row row) {
        return row.silo() + ":" + row.path();
    }
}
