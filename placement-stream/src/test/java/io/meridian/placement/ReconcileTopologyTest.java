package io.meridian.placement;

import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.reconcile.Commands;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileTopologyTest {
    private final PlacementDriver placement = new PlacementDriver();

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldCopyTrainingFileToNvmeWhenTagged() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
        placement.file(record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L)));

        List<MoveCommand> commands = placement.commands.readValuesToList();
        assertThat(commands).hasSize(1);
        MoveCommand copy = commands.get(0);
        assertThat(copy.getOp()).isEqualTo(MoveOp.COPY);
        assertThat(copy.getSourceSilo()).isEqualTo("nas");
        assertThat(copy.getTargetSilo()).isEqualTo("gpu-nvme");
        assertThat(copy.getReason()).isEqualTo("training-on-nvme");
        assertThat(copy.getExpected().getSize()).isEqualTo(1000);
        assertThat(copy.getExpected().getCrc32c()).isEqualTo(42L);
        assertThat(copy.getExpected().getRecordVersion()).isEqualTo(1);
        assertThat(copy.getCommandId()).isEqualTo(Commands.id("COPY", "/datasets/train/a.bin", "nas", "gpu-nvme", "0000000000000001-nas"));
    }

    @Test
    void shouldLeaveUntaggedFilesWhereTheyAre() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
        placement.file(record("/datasets/other/b.bin", 1, Map.of("stage", "eval"), instance("nas", 10, 1L)));
        placement.file(record("/datasets/other/c.bin", 1, Map.of(), instance("nas", 10, 1L)));

        assertThat(placement.commands.isEmpty()).isTrue();
    }

    @Test
    void shouldNeverPlanAMoveOfASymlinkThatAPolicyMatches() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
        FileRecord link = record("/datasets/train/evil-link", 1, Map.of("stage", "training"), instance("nas", 0, null));
        link.setFileType(io.meridian.schemas.FileType.SYMLINK);
        placement.file(link);
        placement.file(record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L)));

        List<MoveCommand> commands = placement.commands.readValuesToList();
        assertThat(commands).extracting(MoveCommand::getPath).containsExactly("/datasets/train/a.bin");
    }

    @Test
    void shouldReevaluateExistingFilesWhenPolicyIsPublishedLater() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        placement.file(record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L)));
        assertThat(placement.commands.isEmpty()).isTrue();

        placement.policies.pipeInput("training-on-nvme", Fixtures.trainingOnNvme());
        placement.tick();

        assertThat(placement.commands.readValuesToList()).extracting(MoveCommand::getTargetSilo).containsExactly("gpu-nvme");
    }

    @Test
    void shouldPreferHigherPriorityPolicy() {
        var archiveAll = Fixtures.policy("all-to-archive", "size >= 0",
                PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build(), 1, false, 1);
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme(), Fixtures.archive()), List.of(archiveAll, Fixtures.trainingOnNvme()));
        placement.file(record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L)));
        placement.file(record("/datasets/logs/x.log", 1, Map.of(), instance("nas", 5, 7L)));

        assertThat(placement.commands.readKeyValuesToMap())
                .hasEntrySatisfying("/datasets/train/a.bin", c -> assertThat(c.getTargetSilo()).isEqualTo("gpu-nvme"))
                .hasEntrySatisfying("/datasets/logs/x.log", c -> assertThat(c.getTargetSilo()).isEqualTo("archive"));
    }

    @Test
    void shouldMoveForExclusivePolicyWhenSourceChecksumIsKnown() {
        var cold = Fixtures.policy("cold-to-archive", "ageDays(mtime) > 90",
                PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build(), 1, true, 0);
        placement.given(List.of(Fixtures.nas(), Fixtures.archive()), List.of(cold));
        placement.advance(java.time.Duration.ofDays(100));
        placement.file(record("/datasets/old/a.bin", 1, Map.of(), instance("nas", 1000, 42L)));
        placement.file(record("/datasets/old/b.bin", 1, Map.of(), instance("nas", 1000, null)));

        Map<String, MoveCommand> commands = placement.commands.readKeyValuesToMap();
        assertThat(commands.get("/datasets/old/a.bin").getOp()).isEqualTo(MoveOp.MOVE);
        assertThat(commands.get("/datasets/old/b.bin").getOp())
                .as("without a source CRC32C the target cannot be verified, so copy and keep the source")
                .isEqualTo(MoveOp.COPY);
    }

    @Test
    void shouldDeleteExtraInstanceOfExclusivePolicyOnlyWhenAnotherCopyIsVerified() {
        var onArchive = Fixtures.policy("only-archive", "path.startsWith('/datasets/old/')",
                PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build(), 1, true, 0);
        placement.given(List.of(Fixtures.nas(), Fixtures.archive()), List.of(onArchive));
        placement.file(record("/datasets/old/mismatch.bin", 1, Map.of(), instance("nas", 1000, 42L), instance("archive", 1000, 43L)));
        placement.file(record("/datasets/old/unknown.bin", 1, Map.of(), instance("nas", 1000, 42L), instance("archive", 1000, null)));
        assertThat(placement.commands.isEmpty()).as("no verified other copy, no delete").isTrue();

        placement.file(record("/datasets/old/ok.bin", 1, Map.of(), instance("nas", 1000, 42L), instance("archive", 1000, 42L)));
        MoveCommand delete = placement.commands.readValue();
        assertThat(delete.getOp()).isEqualTo(MoveOp.DELETE_INSTANCE);
        assertThat(delete.getSourceSilo()).isEqualTo("nas");
        assertThat(delete.getPath()).isEqualTo("/datasets/old/ok.bin");
    }

    @Test
    void shouldCopyTheCurrentContentOverAnOutdatedCopyInsteadOfWaitingForever() {
        // Seen in the convergence run (seeds 102, 1038): a file moved to the archive, then written again
        // where it was. The archive holds the old verified content; the new content's CRC32C is unknown.
        var onArchive = Fixtures.policy("only-archive", "path.startsWith('/datasets/old/')",
                PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build(), 1, true, 0);
        placement.given(List.of(Fixtures.nas(), Fixtures.archive()), List.of(onArchive));
        Instance rewritten = Instance.newBuilder(instance("nas", 30142, null)).setMtime(Fixtures.T0.plusSeconds(60)).build();
        placement.file(record("/datasets/old/rewritten.bin", 1, Map.of(), instance("archive", 26835, 0xeb7985f4L), rewritten));

        MoveCommand copy = placement.commands.readValue();
        assertThat(copy.getOp()).as("copy, not move: the new content's CRC32C is not known yet").isEqualTo(MoveOp.COPY);
        assertThat(copy.getSourceSilo()).isEqualTo("nas");
        assertThat(copy.getTargetSilo()).isEqualTo("archive");
    }

    @Test
    void shouldPublishNoticeWhenFileGainsOrLosesAnInstance() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        String path = "/datasets/a.bin";
        placement.file(record(path, 1, Map.of(), instance("nas", 10, 1L)));
        placement.file(record(path, 2, Map.of(), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));
        placement.file(record(path, 3, Map.of("k", "v"), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));
        placement.file(record(path, 4, Map.of(), instance("gpu-nvme", 10, 1L)));

        List<PlacementNotice> notices = placement.notices.readValuesToList();
        assertThat(notices).extracting(n -> n.getChange() + " " + n.getSilo() + " " + n.getSite())
                .containsExactly("ADDED nas onprem", "ADDED gpu-nvme gpu-east", "REMOVED nas onprem");
        assertThat(notices.get(1).getTier()).isEqualTo(Tier.NVME);
        assertThat(notices.get(2).getChange()).isEqualTo(PlacementChange.REMOVED);
    }

    @Test
    void shouldSendRecordWithInvalidPathToDeadLetters() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
        FileRecord bad = record("/datasets/../etc/passwd", 1, Map.of("stage", "training"), instance("nas", 10, 1L));
        placement.file(bad);

        assertThat(placement.commands.isEmpty()).isTrue();
        var letter = placement.deadLetters.readRecord();
        assertThat(letter.key()).isEqualTo("/datasets/../etc/passwd");
        assertThat(new String(letter.headers().lastHeader("__streams.errors.message").value())).contains("..");
    }
}
