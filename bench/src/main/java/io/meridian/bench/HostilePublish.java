package io.meridian.bench;

import io.meridian.bench.HostileTally.Outcome;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated lines through the real {@code meridian publish} command (a child process against the
 * running {@code up}): each refused line must be reported on stderr as {@code line N: reason}, every
 * other line published, and the command must end on its own with exit code 0 (all published) or 1
 * (some refused) after reading every line. Anything else is a crash of the whole batch.
 */
final class HostilePublish {
    private static final Pattern REFUSAL = Pattern.compile("^line (\\d+): (.*)$");

    private final Path meridian;
    private final List<String> options;
    private final HostileTally tally;

    /** {@code options}: what selects the running {@code up} ({@code --home DIR --config FILE}). */
    HostilePublish(Path meridian, List<String> options, HostileTally tally) {
        this.meridian = meridian;
        this.options = List.copyOf(options);
        this.tally = tally;
    }

    void run(List<HostileEvents.Line> lines, Path workDir) throws IOException, InterruptedException {
        Path input = workDir.resolve("publish-input.jsonl");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (HostileEvents.Line line : lines) {
                // one physical line each: a generated text never holds a raw newline (JSON escapes it)
                out.write(line.json().replace('\n', ' '));
                out.write('\n');
            }
        }
        Path stdout = workDir.resolve("publish-stdout.txt");
        Path stderr = workDir.resolve("publish-stderr.txt");
        List<String> command = new ArrayList<>(List.of(meridian.toString(), "publish"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectInput(input.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        Map<Integer, String> refused = refusals(stderr);
        String summary = Files.readString(stdout).strip();
        int exit = ended ? process.exitValue() : -1;
        boolean finished = ended && (exit == 0 || exit == 1) && summary.startsWith("published");
        for (int i = 0; i < lines.size(); i++) {
            HostileEvents.Line line = lines.get(i);
            String reason = refused.get(i + 1);
            Outcome outcome = !finished ? Outcome.CRASH
                    : reason == null ? Outcome.ACCEPTED : reason.isBlank() ? Outcome.REFUSED_WITHOUT_REASON : Outcome.REFUSED;
            String detail = !finished ? "publish exit " + exit + ", summary '" + summary + "', stderr tail: " + tail(stderr)
                    : reason == null ? "published: " + line.json() : reason;
            tally.record("meridian publish", line.kind(), line.valid(), outcome, detail);
        }
    }

    private static Map<Integer, String> refusals(Path stderr) throws IOException {
        Map<Integer, String> refused = new HashMap<>();
        for (String text : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            Matcher m = REFUSAL.matcher(text);
            if (m.matches()) {
                refused.put(Integer.parseInt(m.group(1)), m.group(2).strip());
            }
        }
        return refused;
    }

    private static String tail(Path file) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(" | ", all.subList(Math.max(0, all.size() - 3), all.size()));
    }
}
