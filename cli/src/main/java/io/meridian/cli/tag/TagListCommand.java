package io.meridian.cli.tag;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.TopicIo;
import io.meridian.cli.runtime.Connections;
import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian tag ls PATH}: a file's effective tags from its record in meridian.metadata (own,
 * inherited with the directory they come from, and auto-tags), or the tags set on a directory,
 * folded from the tag commands still in meridian.tag-commands' retention.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the effective tags of a file (from meridian.metadata: own, inherited, auto-tags),",
                "or the tags set on a directory (PATH ending in '/', from the retained tag commands)."})
final class TagListCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "PATH", description = "Logical path; a directory ends in '/'.")
    String path;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String checked = TagCommands.path(path);
        Connections connections = Connections.of(common.loadConfig(), common.home());
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistry registry = connections.registry()) {
            if (LogicalPath.isDirectory(checked)) {
                Map<String, String> tags = new TreeMap<>();
                TopicIo.valuesOf(connections.kafka(), TopicCatalog.TAG_COMMANDS.bind(registry), checked)
                        .forEach(command -> apply(tags, command));
                tags.forEach((key, value) -> out.println(key + "=" + value + "  (set on " + checked + ")"));
            } else {
                FileRecord record = TopicIo.latestOf(connections.kafka(), TopicCatalog.METADATA.bind(registry), checked);
                if (record == null) {
                    throw new IllegalArgumentException("no record for " + checked + " in " + Topics.METADATA
                            + " (no instance of it is known, or the classifier has not seen it yet)");
                }
                print(out, record);
            }
        }
        out.flush();
        return 0;
    }

    private static void apply(Map<String, String> tags, TagCommand command) {
        if (command == null) {
            return;
        }
        if (command.getOp() == TagOp.SET) {
            tags.putAll(command.getTags());
        } else {
            command.getKeys().forEach(tags::remove);
        }
    }

    private static void print(PrintWriter out, FileRecord record) {
        new TreeMap<>(record.getTags()).forEach((key, tag) -> out.println(key + "=" + tag.getValue() + "  " + origin(tag)));
        new TreeMap<>(record.getAutoTags()).forEach((key, value) -> out.println(key + "=" + value + "  (auto)"));
    }

    private static String origin(Tag tag) {
        String who = "(set by " + tag.getSetBy() + " at " + tag.getSetAt();
        return tag.getInheritedFrom() == null ? who + ")" : who + ", inherited from " + tag.getInheritedFrom() + ")";
    }
}
