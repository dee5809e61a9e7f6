package io.meridian.cli.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.cli.Meridian;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meridian tag}: commands are validated completely before anything is sent. */
class TagCommandsTest {
    @TempDir
    Path home;

    @Test
    void shouldBuildASetCommandForADirectoryWithTheActor() {
        TagCommand command = TagCommands.set("/datasets/train/", List.of("stage=training", "team=nlp"), "ana");
        assertThat(command.getOp()).isEqualTo(TagOp.SET);
        assertThat(command.getPath()).isEqualTo("/datasets/train/");
        assertThat(command.getTags()).isEqualTo(Map.of("stage", "training", "team", "nlp"));
        assertThat(command.getActor()).isEqualTo("ana");
        assertThat(command.getCommandId()).isNotBlank();
    }

    @Test
    void shouldRefuseBadKeysValuesAndPaths() {
        assertThatThrownBy(() -> TagCommands.set("/d/a.bin", List.of("Stage=x"), "ana")).hasMessageContaining("tag key 'Stage' is invalid");
        assertThatThrownBy(() -> TagCommands.set("/d/a.bin", List.of("stage"), "ana")).hasMessageContaining("is not key=value");
        assertThatThrownBy(() -> TagCommands.set("/d/a.bin", List.of("note=a\tb"), "ana")).hasMessageContaining("control character");
        assertThatThrownBy(() -> TagCommands.remove("/d/../etc/", List.of("stage"), "ana")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> TagCommands.remove("d/a.bin", List.of("stage"), "ana")).hasMessageContaining("absolute");
    }

    @Test
    void shouldPrintOneLineErrorWithoutContactingKafka() {
        StringWriter err = new StringWriter();
        CommandLine cli = Meridian.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("tag", "set", "/datasets/train/", "Bad Key=1", "--home", home.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("meridian: tag key 'Bad Key' is invalid");
    }
}
