package io.meridian.cli;

import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meridian version}: Meridian's version and the versions it runs with. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Meridian's version and those of Kafka and Java.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:usage error"})
final class VersionCommand implements Callable<Integer>, IVersionProvider {
    @Spec
    CommandSpec spec;

    static String meridianVersion() {
        String version = VersionCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "Meridian " + meridianVersion(),
            "Kafka clients " + AppInfoParser.getVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    @Override
    public Integer call() {
        for (String line : getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
