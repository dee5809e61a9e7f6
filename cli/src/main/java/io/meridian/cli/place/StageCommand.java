package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.Operations;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.DurationText;
import io.meridian.config.MeridianConfig;
import io.meridian.placement.request.StagingSelector;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.Tier;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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

/** {@code meridian stage create ... | status ID}: GPU staging requests and their progress. */
@Command(name = "stage", mixinStandardHelpOptions = true,
        description = {"Ask for files at a site by a deadline (" + Topics.STAGING_REQUESTS + ") and follow the",
                "request's progress (" + Topics.STAGING_STATUS + ")."},
        subcommands = {StageCommand.Create.class, StageCommand.Status.class})
public final class StageCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Publish a staging request and print its id. Times are ISO instants or durations from now (30m, 2h).",
                    "The site (and tier) must be those of a silo on " + Topics.SILOS + "; otherwise the request is refused",
                    "with the valid values, e.g. \"site: unknown site 'mars' (known sites: gpu-east, onprem)\"."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:request published; its id is printed",
                    "1:request refused (a bad option value, an unknown site or tier, a path escape; the message says",
                    "  which and lists the valid values), or Kafka unreachable",
                    "2:usage or config error"})
    static final class Create implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--job", required = true, description = "The scheduler's job id.")
        String job;
        @Option(names = "--site", required = true, description = "Site where the GPUs are.")
        String site;
        @Option(names = "--prefix", description = "Logical path prefix to stage (repeatable), e.g. /datasets/train/.")
        List<String> prefixes = new ArrayList<>();
        @Option(names = "--tag", description = "Tag selector k=v (repeatable); files must carry all of them.")
        Map<String, String> tags = new TreeMap<>();
        @Option(names = "--tier", description = "Preferred tier at the site (default: the fastest with room).")
        Tier tier;
        @Option(names = "--deadline", required = true, description = "When the files must be ready.")
        String deadline;
        @Option(names = "--pin-until", required = true, description = "Keep the staged copies until then.")
        String pinUntil;
        @Option(names = "--priority", defaultValue = "0", description = "Orders requests with the same deadline.")
        int priority;
        @Option(names = "--id", description = "Request id (default: generated).")
        String id;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            StagingRequest request = StagingRequest.newBuilder()
                    .setRequestId(id != null ? id : job + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .setJobId(job).setSite(site).setPrefixes(prefixes).setTags(tags).setTier(tier)
                    .setDeadline(time("--deadline", deadline, now)).setPinUntil(time("--pin-until", pinUntil, now))
                    .setPriority(priority).setRequestedBy(System.getProperty("user.name", "cli")).setCreatedAt(now).build();
            StagingSelector.validate(request);
            MeridianConfig config = common.loadConfig();
            try (Operations operations = Operations.forCommand(Connections.of(config, common.home()))) {
                operations.requestStaging(request);
            }
            spec.commandLine().getOut().println(request.getRequestId());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print a request's latest status; with --wait, until it is READY (exit 0) or FAILED/EXPIRED (exit 3).")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--wait", description = "Wait at most this long for a final state (e.g. 30m).")
        String wait;

        @Override
        public Integer call() throws InterruptedException {
            MeridianConfig config = common.loadConfig();
            Connections connections = Connections.of(config, common.home());
            Instant until = wait == null ? Instant.now() : Instant.now().plus(DurationText.parse(wait));
            PrintWriter out = spec.commandLine().getOut();
            try (Operations operations = Operations.forCommand(connections)) {
                while (true) {
                    StagingStatus status = operations.stagingStatus(id).orElse(null);
                    boolean last = !Instant.now().isBefore(until);
                    if (status != null && (final_(status) || last)) {
                        print(out, status);
                        return status.getState() == StagingState.READY ? 0 : final_(status) ? 3 : 4;
                    }
                    if (last) {
                        throw new IllegalArgumentException("no status for request '" + id + "' yet; is placement running?");
                    }
                    Thread.sleep(1_000);
                }
            }
        }

        private static boolean final_(StagingStatus status) {
            return status.getState() != StagingState.PENDING && status.getState() != StagingState.STAGING;
        }

        private static void print(PrintWriter out, StagingStatus s) {
            out.printf("%s %s files %d/%d bytes %d/%d%s%s%n", s.getRequestId(), s.getState(), s.getFilesReady(),
                    s.getFilesTotal(), s.getBytesReady(), s.getBytesTotal(),
                    s.getEtaMillis() == null ? "" : " eta " + Duration.ofMillis(s.getEtaMillis()),
                    s.getReason() == null ? "" : " (" + s.getReason() + ")");
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
