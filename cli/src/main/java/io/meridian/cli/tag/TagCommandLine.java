package io.meridian.cli.tag;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridian tag}: set, remove and list user tags of files and directories. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Set, remove and list user tags.",
                "A directory path ends in '/': its tags are inherited by every file below it,",
                "present and future; a file's own tag wins over an inherited one.",
                "Examples:  meridian tag set /datasets/train/ stage=training",
                "           meridian tag rm /datasets/train/a.parquet stage",
                "           meridian tag ls /datasets/train/a.parquet"},
        subcommands = {TagSetCommand.class, TagRemoveCommand.class, TagListCommand.class})
public final class TagCommandLine implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
