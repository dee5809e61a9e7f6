package io.meridian.placement;

import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlacementMetricsTest {
    private static final Duration NEXT_PASS = Duration.ofMillis(PlacementProcessor.COMPLIANCE_INTERVAL_MILLIS);

    private final PlacementDriver placement = new PlacementDriver();
    private final MeterRegistry meters = placement.metrics.registry();

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldCountCommandsInFlightAndPolicyComplianceUntilTheCopyIsRecorded() {
        Policy everything = Fixtures.policy("everything-on-capacity", "true",
                PlacementSelector.newBuilder().setTier(Tier.CAPACITY).build(), 1, false, 1);
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme(), everything));
        FileRecord file = record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L));
        placement.file(file);
        placement.file(record("/datasets/other/b.bin", 1, Map.of(), instance("nas", 10, 1L)));
        placement.advance(NEXT_PASS);

        MoveCommand copy = placement.commands.readValuesToList().get(0);
        assertThat(issued("COPY", "policy")).isEqualTo(1);
        assertThat(issued("MOVE", "policy") + issued("COPY", "staging")).isZero();
        assertThat(gauge("meridian.placement.commands.in.flight")).isEqualTo(1);
        assertThat(compliance("training-on-nvme", "matching")).isEqualTo(1);
        assertThat(compliance("training-on-nvme", "misaligned")).isEqualTo(1);
        assertThat(compliance("training-on-nvme", "aligned")).isZero();
        assertThat(compliance("everything-on-capacity", "matching")).as("both files match it").isEqualTo(2);
        assertThat(compliance("everything-on-capacity", "aligned")).as("b.bin, which it decides for, is on nas").isEqualTo(1);
        assertThat(compliance("everything-on-capacity", "misaligned")).isZero();

        placement.results.pipeInput(copy.getPath(), Fixtures.result(copy, MoveStatus.SUCCEEDED));
        placement.file(FakeMover.apply(file, copy));
        placement.advance(NEXT_PASS);

        assertThat(gauge("meridian.placement.commands.in.flight")).isZero();
        assertThat(compliance("training-on-nvme", "matching")).isEqualTo(1);
        assertThat(compliance("training-on-nvme", "aligned")).isEqualTo(1);
        assertThat(compliance("training-on-nvme", "misaligned")).isZero();
        assertThat(gauge("meridian.placement.files.stuck")).isZero();
    }

    @Test
    void shouldCountAFileParkedAfterItsLastAttemptAsStuck() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
        placement.file(record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 1000, 42L)));
        for (int attempt = 0; attempt < 10 && gauge("meridian.placement.files.stuck") == 0; attempt++) {
            for (MoveCommand command : placement.commands.readValuesToList()) {
                placement.results.pipeInput(command.getPath(), Fixtures.result(command, MoveStatus.FAILED));
            }
            placement.advance(Duration.ofSeconds(10));
        }

        assertThat(gauge("meridian.placement.files.stuck")).isEqualTo(1);
        assertThat(issued("COPY", "policy")).isGreaterThan(1); // the retries were issued too
    }

    @Test
    void shouldLabelEachReasonByItsKind() {
        assertThat(PlacementMetrics.reasonKind("training-on-nvme")).isEqualTo("policy");
        assertThat(PlacementMetrics.reasonKind("staging:req-1")).isEqualTo("staging");
        assertThat(PlacementMetrics.reasonKind("drain:nas")).isEqualTo("drain");
        assertThat(PlacementMetrics.reasonKind("evict:nvme")).isEqualTo("evict");
        assertThat(PlacementMetrics.reasonKind("odd:policy-with-colon")).isEqualTo("policy");
    }

    private double issued(String op, String reason) {
        return meters.get("meridian.placement.commands.issued").tag("op", op).tag("reason", reason).counter().count();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double compliance(String policy, String state) {
        return meters.get("meridian.placement.policy.files").tag("policy", policy).tag("state", state).gauge().value();
    }
}
