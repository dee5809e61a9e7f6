package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.namespace.LogicalPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian explain PATH}: prints what {@code GET /v1/explain/{path}} of the running server
 * answers (the placement planner run over the published state as placement builds its input, with
 * the open command and stuck state from placement's changelogs), for a human or as JSON.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain why a file is where it is.",
                "Matching policies, desired vs actual instances, why each candidate silo was",
                "chosen or rejected, the next command, commands in flight and pins."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:explained", "1:no such file known, a bad path, or no server running; the message "
                        + "says what to do",
                "2:usage error"})
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "PATH", description = "Logical path of a file, e.g. /datasets/train/a.bin")
    String path;
    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String file = LogicalPath.file(path);
        JsonNode answer = server.api().getJson("/v1/explain" + ApiClient.encodePath(file));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.toString());
        } else {
            ExplainReport.print(out, answer);
        }
        out.flush();
        return 0;
    }
}
