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

/** {@code meridian tag rm PATH key...}. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Remove tags set on a file or a directory.",
                "A file then inherits the key again, if a directory above sets it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:removed", "1:a bad path or key, the server refused, or none is running; the message "
                        + "says what to do",
                "2:usage error"})
final class TagRemoveCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "PATH", description = "Logical path; a directory ends in '/'.")
    String path;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "Tag keys to remove.")
    List<String> keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TagCommand command = TagCommands.remove(path, keys, "cli"); // checked here, before anything is sent
        JsonNode answer = TagCommands.send(server.api(), Map.of("path", command.getPath(), "remove", command.getKeys()));
        spec.commandLine().getOut().println("Removed " + command.getKeys() + " from " + command.getPath()
                + " (command " + answer.path("commandId").asText() + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
