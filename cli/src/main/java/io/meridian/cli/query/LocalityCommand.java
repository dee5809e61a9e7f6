package io.meridian.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.cli.api.TablePrinter;
import io.meridian.config.ByteSize;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian locality PREFIX [--tag KEY=VALUE]...}: where a set of files is, per site and tier, as
 * {@code GET /v1/locality} of the running server answers it; for a scheduler choosing nodes.
 */
@Command(name = "locality", mixinStandardHelpOptions = true,
        description = {"Show where the files below PREFIX are, per site and tier.",
                "Files and bytes whose current content has a copy at each site, per tier, and",
                "whether a site holds all of them. For choosing where a job runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered", "1:no server running, or a bad prefix or tag; the message says what to do",
                "2:usage error"})
public final class LocalityCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "PREFIX", description = "A directory of the global namespace, e.g. /datasets/train/")
    String prefix;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only files with this tag (repeat for several).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/v1/locality?prefix=").append(ApiClient.encodeQuery(prefix));
        tags.forEach(tag -> path.append("&tag=").append(ApiClient.encodeQuery(tag)));
        JsonNode answer = server.api().getJson(path.toString());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.toString());
            out.flush();
            return 0;
        }
        long files = answer.path("files").asLong();
        out.printf("%s: %,d %s, %s%n", answer.path("prefix").asText(), files, files == 1 ? "file" : "files",
                ByteSize.format(answer.path("bytes").asLong()));
        if (answer.path("sites").isEmpty()) {
            out.println(files == 0 ? "No present file matches." : "No copy at any known site.");
        } else {
            List<JsonNode> rows = new ArrayList<>();
            for (JsonNode site : answer.path("sites")) {
                List<String> tiers = new ArrayList<>();
                site.path("tiers").forEach(t -> tiers.add(t.path("tier").asText() + " " + t.path("files").asLong()));
                rows.add(JsonNodeFactory.instance.arrayNode().add(site.path("site").asText())
                        .add(site.path("files").asLong() + "/" + files).add(ByteSize.format(site.path("bytes").asLong()))
                        .add(site.path("complete").asBoolean() ? "yes" : "no").add(String.join(", ", tiers)));
            }
            out.print(TablePrinter.render(List.of("site", "files", "bytes", "complete", "by tier (files)"), rows));
        }
        out.flush();
        return 0;
    }
}
