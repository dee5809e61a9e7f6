package io.meridian.cli.convergence;

import io.meridian.storage.Crc32cs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the harness wrote in one seed's namespace, the truth that content checks compare against. Every
 * logical path is written in one silo only (its home; a name is reused only there), so any instance of it in
 * another silo was made by a mover. A path is live until the harness deleted or renamed it.
 */
final class FileModel {
    /** One live file: its home silo, its key relative to the silo root (or bucket) and its current content. */
    record Live(String silo, String key, byte[] content) {
        String path() {
            return ConvergenceStack.MOUNT + "/" + key;
        }

        long crc() {
            return Crc32cs.of(content);
        }
    }

    private final Map<String, Live> live = new LinkedHashMap<>();
    private final Map<String, Set<Long>> versions = new HashMap<>();
    private final Map<String, Set<Long>> written = new HashMap<>();
    private final Set<String> ghosts = new HashSet<>();
    private final Map<String, List<String>> history = new HashMap<>();
    private String operation = "";

    /** Names the operation the next changes belong to in each path's history, e.g. "#12 append". */
    void begin(String operation) {
        this.operation = operation;
    }

    /** Records that the harness wrote {@code content} at {@code key} of {@code silo}. */
    void wrote(String silo, String key, byte[] content) {
        Live file = new Live(silo, key, content);
        live.put(file.path(), file);
        versions.computeIfAbsent(file.path(), p -> new HashSet<>()).add(file.crc());
        written.computeIfAbsent(silo + ":" + file.path(), p -> new HashSet<>()).add(file.crc());
        note(file.path(), "wrote " + content.length + " B on " + silo);
    }

    /** Records that the harness removed a path (deleted, or renamed away). */
    void removed(String path) {
        live.remove(path);
        note(path, "removed it");
    }

    /** Records a hook event for a file that never existed. */
    void ghost(String silo, String path) {
        ghosts.add(path);
        note(path, "hook event on " + silo);
    }

    /** What the harness did to {@code path}, in order ("#3 create: wrote 812 B on nas; #9 rename: removed it"). */
    String history(String path) {
        return String.join("; ", history.getOrDefault(path, List.of()));
    }

    private void note(String path, String what) {
        history.computeIfAbsent(path, p -> new ArrayList<>()).add(operation + ": " + what);
    }

    List<Live> live() {
        return List.copyOf(live.values());
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** Whether {@code crc} is a content the harness ever wrote for {@code path}, in any silo. */
    boolean isVersionOf(String path, long crc) {
        return versions.getOrDefault(path, Set.of()).contains(crc);
    }

    /** Whether the harness itself wrote content {@code crc} at {@code path} of {@code silo} (else a mover did). */
    boolean wroteHere(String silo, String path, long crc) {
        return written.getOrDefault(silo + ":" + path, Set.of()).contains(crc);
    }

    /** Whether {@code path} was only ever named by a hook event. */
    boolean isGhost(String path) {
        return ghosts.contains(path);
    }

    int ghosts() {
        return ghosts.size();
    }
}
