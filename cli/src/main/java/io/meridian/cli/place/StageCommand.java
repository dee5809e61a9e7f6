package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.cli.api.TablePrinter;
import io.meridian.config.ByteSize;
import io.meridian.config.DurationText;
import io.meridian.placement.request.StagingSelector;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tier;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian stage create | status | ls | cancel}: GPU staging requests and their progress. Each
 * subcommand is a thin client of the HTTP API of the running {@code up} or {@code serve}
 * ({@link ApiClient}; no Kafka client, so it answers in a JVM start): {@code POST /v1/staging},
 * {@code GET /v1/staging/{id}}, {@code GET /v1/staging}, {@code DELETE /v1/staging/{id}}.
 */
@Command(name = "stage", mixinStandardHelpOptions = true,
        description = {"Ask for files at a site by a deadline and follow the request.",
                "Every subcommand talks to the HTTP API of the running up or serve."},
        subcommands = {StageCommand.Create.class, StageCommand.Status.class, StageCommand.Ls.class, StageCommand.Cancel.class})
public final class StageCommand implements Runnable {
    /** Exit code of {@code --wait} when the request FAILED or EXPIRED. */
    public static final int EXIT_FAILED = 3;
    /** Exit code of {@code --wait} when the wait ran out while the request was PENDING or STAGING. */
    public static final int EXIT_TIMEOUT = 4;
    private static final long POLL_MILLIS = 500;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Ask for files at a site by a deadline; print the request's id.",
                    "POST /v1/staging. Times are ISO instants (2026-12-05T18:00:00Z) or durations",
                    "from now (30m, 2h). The site (and tier) must be those of a silo on",
                    "meridian.silos, or the request is refused with the valid values, e.g.",
                    "\"site: unknown site 'mars' (known sites: gpu-east, onprem)\". With --wait,",
                    "then wait as 'stage status --wait' does and print the final status line."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:request accepted (with --wait: and READY); its id is printed first",
                    "1:request refused (a bad option value, an unknown site or tier, a path escape; the message says"
                            + " which and lists the valid values), or the HTTP API unreachable",
                    "2:usage error",
                    "3:with --wait: the request FAILED or EXPIRED (the status line gives the reason)",
                    "4:with --wait: still PENDING or STAGING when the wait ran out"})
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--job", required = true, paramLabel = "JOB", description = "The scheduler's job id.")
        String job;
        @Option(names = "--site", required = true, paramLabel = "SITE", description = "Site where the GPUs are.")
        String site;
        @Option(names = "--prefix", paramLabel = "PATH",
                description = "Logical path prefix to stage (repeatable), e.g. /datasets/train/.")
        List<String> prefixes = new ArrayList<>();
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Tag selector (repeatable); files must carry all of them.")
        Map<String, String> tags = new TreeMap<>();
        @Option(names = "--tier", paramLabel = "TIER", description = "Preferred tier at the site: nvme, performance, capacity or archive, "
                + "any case (default: the fastest with room).")
        String tier;
        @Option(names = "--deadline", required = true, paramLabel = "TIME", description = "When the files must be ready.")
        String deadline;
        @Option(names = "--pin-until", required = true, paramLabel = "TIME",
                description = "Keep the staged copies at the site until then (not before the deadline).")
        String pinUntil;
        @Option(names = "--priority", defaultValue = "0", paramLabel = "N",
                description = "Orders requests with the same deadline (default ${DEFAULT-VALUE}).")
        int priority;
        @Option(names = "--id", paramLabel = "ID",
                description = "Request id: letters, digits, . _ : @ - (default: JOB-<8 random hex digits>).")
        String id;
        @Option(names = "--wait", paramLabel = "DURATION",
                description = "Then wait at most this long (e.g. 30m) for READY, FAILED or EXPIRED.")
        String wait;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Instant now = Instant.now();
            Duration waitFor = wait == null ? null : DurationText.parse(wait);
            StagingRequest request = StagingRequest.newBuilder()
                    .setRequestId(id != null ? id : job + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .setJobId(job).setSite(site).setPrefixes(prefixes).setTags(tags).setTier(tier == null ? null : tier(tier))
                    .setDeadline(time("--deadline", deadline, now)).setPinUntil(time("--pin-until", pinUntil, now))
                    .setPriority(priority).setRequestedBy(System.getProperty("user.name", "cli")).setCreatedAt(now).build();
            StagingSelector.validate(request); // refused before the server is asked
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", request.getRequestId());
            body.put("job", job);
            body.put("site", site);
            body.put("prefixes", prefixes);
            body.put("tags", tags);
            if (tier != null) {
                body.put("tier", request.getTier().name().toLowerCase(Locale.ROOT));
            }
            body.put("deadline", request.getDeadline().toString());
            body.put("pinUntil", request.getPinUntil().toString());
            body.put("priority", priority);
            ApiClient api = server.api();
            String created = api.sendJson("POST", "/v1/staging", body).path("requestId").asText(request.getRequestId());
            PrintWriter out = spec.commandLine().getOut();
            out.println(created);
            out.flush();
            return waitFor == null ? 0 : Status.await(api, created, waitFor, out);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Print a staging request's latest status.",
                    "GET /v1/staging/{id}: id, state, files and bytes ready of the total, ETA and",
                    "reason. With --wait, print it once it is READY, FAILED or EXPIRED."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:READY (without --wait: any status was printed)",
                    "1:no status for that id (yet), or the HTTP API unreachable",
                    "2:usage error",
                    "3:with --wait: FAILED or EXPIRED",
                    "4:with --wait: still PENDING or STAGING when the wait ran out (the last status is printed)"})
    static final class Status implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The request id that 'stage create' printed.")
        String id;
        @Option(names = "--wait", paramLabel = "DURATION",
                description = "Wait at most this long (e.g. 30m) for READY, FAILED or EXPIRED.")
        String wait;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            if (wait == null) {
                JsonNode status = server.api().getJson("/v1/staging/" + ApiClient.encodeQuery(id));
                out.println(line(status));
                out.flush();
                return 0;
            }
            return await(server.api(), id, DurationText.parse(wait), out);
        }

        /**
         * Polls the request's status until it is final or {@code wait} has passed, prints the last
         * one and returns the exit code (0 READY, 3 FAILED or EXPIRED, 4 out of time). A request with
         * no status at the end is an IllegalArgumentException (exit 1).
         */
        static int await(ApiClient api, String id, Duration wait, PrintWriter out) throws IOException, InterruptedException {
            long until = System.nanoTime() + wait.toNanos();
            while (true) {
                JsonNode status = null;
                try {
                    status = api.getJson("/v1/staging/" + ApiClient.encodeQuery(id));
                } catch (IllegalArgumentException notYet) {
                    // 404 until placement has published a first status
                }
                boolean last = System.nanoTime() - until >= 0;
                String state = status == null ? null : status.path("state").asText();
                boolean done = "READY".equals(state) || "FAILED".equals(state) || "EXPIRED".equals(state);
                if (status != null && (done || last)) {
                    out.println(line(status));
                    out.flush();
                    return "READY".equals(state) ? 0 : done ? EXIT_FAILED : EXIT_TIMEOUT;
                }
                if (last) {
                    throw new IllegalArgumentException("no status for request '" + id + "' within " + wait.toSeconds() + " s"
                            + "; is placement running?");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List the open staging requests with their progress.",
                    "GET /v1/staging, oldest first: id, job, site, state, files and bytes ready of",
                    "the total, deadline and pin end."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:listed (also when there are none)",
                    "1:the HTTP API unreachable or refused the call",
                    "2:usage error"})
    static final class Ls implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode answer = server.api().getJson("/v1/staging");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer);
            } else if (answer.path("requests").isEmpty()) {
                out.println("no open staging requests");
            } else {
                out.print(table(answer.path("requests")));
            }
            out.flush();
            return 0;
        }

        static String table(JsonNode requests) {
            List<JsonNode> rows = new ArrayList<>();
            for (JsonNode entry : requests) {
                JsonNode r = entry.path("request");
                JsonNode s = entry.path("status");
                boolean known = !s.isMissingNode() && !s.isNull();
                rows.add(ApiClient.json().valueToTree(List.of(r.path("requestId").asText(), r.path("jobId").asText(),
                        r.path("site").asText(), known ? s.path("state").asText() : "(no status yet)",
                        known ? s.path("filesReady").asLong() + "/" + s.path("filesTotal").asLong() : "",
                        known ? ByteSize.format(s.path("bytesReady").asLong()) + "/" + ByteSize.format(s.path("bytesTotal").asLong()) : "",
                        Instant.ofEpochMilli(r.path("deadline").asLong()).toString(),
                        Instant.ofEpochMilli(r.path("pinUntil").asLong()).toString())));
            }
            return TablePrinter.render(List.of("id", "job", "site", "state", "files", "bytes", "deadline", "pin until"), rows);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Release a staging request and end its pins.",
                    "DELETE /v1/staging/{id}: placement stops staging it, its pins end at once and",
                    "its copies return to normal policy."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:released",
                    "1:no open request of that id (never sent, or released already), or the HTTP API unreachable",
                    "2:usage error"})
    static final class Cancel implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The request id.")
        String id;

        @Override
        public Integer call() throws IOException, InterruptedException {
            server.api().sendJson("DELETE", "/v1/staging/" + ApiClient.encodeQuery(id), null);
            spec.commandLine().getOut().println("released " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** One status line: {@code ID STATE files R/T bytes R/T[ eta D][ (reason)]}. */
    static String line(JsonNode s) {
        JsonNode eta = s.path("etaMillis");
        JsonNode reason = s.path("reason");
        return String.format("%s %s files %d/%d bytes %d/%d%s%s", s.path("requestId").asText(), s.path("state").asText(),
                s.path("filesReady").asLong(), s.path("filesTotal").asLong(), s.path("bytesReady").asLong(),
                s.path("bytesTotal").asLong(), eta.isNumber() ? " eta " + Duration.ofMillis(eta.asLong()) : "",
                reason.isTextual() ? " (" + reason.asText() + ")" : "");
    }

    /** A tier by name, any case; an unknown one is an IllegalArgumentException listing the tiers. */
    static Tier tier(String name) {
        try {
            return Tier.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tier: unknown tier '" + name + "' (tiers: " + java.util.Arrays.stream(Tier.values())
                    .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    static Instant time(String option, String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.plus(DurationText.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is neither an ISO instant "
                        + "(2026-01-01T12:00:00Z) nor a duration from now (30m, 2h)");
            }
        }
    }
}
