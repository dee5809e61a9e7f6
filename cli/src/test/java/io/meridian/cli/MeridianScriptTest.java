package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./meridian} script's fast start of client commands, on a copy of the script in a directory
 * laid out as the repository's after a build (cli/target/meridian.jar of this module's classes, and
 * cli/target/lib of the jars the tests run with): the first client command makes the AOT cache (a JDK 25
 * or later) or the CDS archive (Java 17) and names the jars client commands need; the next one takes
 * its classes from that cache or archive and runs on those jars alone.
 */
class MeridianScriptTest {
    @TempDir
    Path root;

    private Path target;

    @BeforeEach
    void layOutABuiltRepository() throws IOException {
        Path script = Path.of("..", "meridian").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(script), "the tests run in the cli module of the repository");
        Files.copy(script, root.resolve("meridian"));
        root.resolve("meridian").toFile().setExecutable(true);
        target = Files.createDirectories(root.resolve("cli/target"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        Path classes = Path.of("target/classes").toAbsolutePath();
        jar(classes, target.resolve("meridian.jar"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.isRegularFile(path) && !Files.exists(lib.resolve(path.getFileName()))) {
                Files.createSymbolicLink(lib.resolve(path.getFileName()), path);
            } else if (Files.isDirectory(path) && path.endsWith("target/classes") && !path.equals(classes)) {
                jar(path, lib.resolve("meridian-" + path.getParent().getParent().getFileName() + ".jar")); // a module of the reactor
            }
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, entries);
                entries.closeEntry();
            }
        }
    }

    @Test
    void shouldRunClientCommandsFromAnAotCacheOnAJdk25() throws Exception {
        Optional<Path> jdk25 = jdk25();
        assumeTrue(jdk25.isPresent(), "no JDK 25 or later installed");
        Result first = meridian(jdk25.get().toString(), "policy", "ls", "--url", "http://127.0.0.1:9");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.err()).contains("cannot reach the Meridian HTTP API");
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(name -> name.matches("meridian-2[5-9].*\\.aot|meridian-[3-9].*\\.aot"))
                    .doesNotContain("meridian.jsa");
        }
        assertNamedJarsAndSharedClasses(jdk25.get().toString());
    }

    @Test
    void shouldRunClientCommandsFromACdsArchiveOnJava17() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        assumeTrue(Runtime.version().feature() < 25, "this JVM would make an AOT cache");
        Result first = meridian(java, "policy", "ls", "--url", "http://127.0.0.1:9");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(target.resolve("meridian.jsa")).isRegularFile();
        assertNamedJarsAndSharedClasses(java);
    }

    /** The training named meridian.jar first and the jars of picocli and Jackson, and a read command's classes come from the cache. */
    private void assertNamedJarsAndSharedClasses(String java) throws Exception {
        List<String> named = Files.readAllLines(target.resolve("client.classpath"));
        assertThat(named.get(0)).endsWith("/cli/target/meridian.jar");
        assertThat(named).anyMatch(jar -> jar.contains("picocli")).anyMatch(jar -> jar.contains("jackson-databind"))
                .hasSizeLessThan(20);
        Result second = meridian(java, Map.of("MERIDIAN_JAVA_OPTS", "-Xlog:class+load=info"), "tag", "ls", "/datasets/a.bin",
                "--url", "http://127.0.0.1:9");
        assertThat(second.code()).as(second.err()).isEqualTo(1);
        assertThat(second.out()).contains("io.meridian.cli.Meridian source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file")
                .doesNotContain("/lib/kafka-streams"); // a read command runs on the jars the training named
    }

    private record Result(int code, String out, String err) {
    }

    private Result meridian(String java, String... args) throws Exception {
        return meridian(java, Map.of(), args);
    }

    private Result meridian(String java, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("meridian").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(root.resolve("out").toFile())
                .redirectError(root.resolve("err").toFile());
        builder.environment().put("MERIDIAN_CLIENT_JAVA", java);
        builder.environment().remove("MERIDIAN_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the script ends").isTrue();
        return new Result(process.exitValue(), Files.readString(root.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(root.resolve("err"), StandardCharsets.UTF_8));
    }

    /** A JDK 25 or later: MERIDIAN_CLIENT_JAVA when it is one, else one under /usr/lib/jvm. */
    private static Optional<Path> jdk25() throws IOException {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("MERIDIAN_CLIENT_JAVA")).map(Path::of).ifPresent(candidates::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.sorted().map(home -> home.resolve("bin/java")).forEach(candidates::add);
            }
        }
        for (Path java : candidates) {
            if (!Files.isExecutable(java)) {
                continue;
            }
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            if (Files.isRegularFile(release)) {
                String version = Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
                        .map(l -> l.replaceAll("[^0-9.]", "")).orElse("0");
                if (Integer.parseInt(version.split("\\.")[0]) >= 25) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }
}
