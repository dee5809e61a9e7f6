package io.meridian.cli.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ServerOptions;
import io.meridian.schemas.TagCommand;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian tag set PATH key=value...}. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set tags on a file, or on a directory and everything below it.",
                "A directory PATH ends in '/'.",
                "Keys: lower-case letters, digits, '_', '.', '-', starting with a letter;",
                "values: printable text."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:set", "1:a bad path or tag, the server refused, or none is running; the message "
                        + "says what to do",
                "2:usage error"})
final class TagSetCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "PATH", description = "Logical path, e.g. /datasets/train/ or /datasets/a.parquet.")
    String path;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "Tags to set.")
    List<String> tags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TagCommand command = TagCommands.set(path, tags, "cli"); // checked here, before anything is sent
        JsonNode answer = TagCommands.send(server.api(), Map.of("path", command.getPath(), "set", command.getTags()));
        spec.commandLine().getOut().println("Set " + command.getTags() + " on " + command.getPath()
                + " (command " + answer.path("commandId").asText() + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
