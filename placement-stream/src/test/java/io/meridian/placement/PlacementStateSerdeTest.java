package io.meridian.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.reconcile.RescanJob;
import io.meridian.placement.staging.StagingProgress;
import io.meridian.placement.staging.StagingTotals;
import io.meridian.placement.tracking.InFlight;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.placement.tracking.TrackedCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.schemas.serde.WireFormat;
import io.meridian.streams.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Placement's state in the registry's wire format, and the JSON earlier builds wrote still read. */
class PlacementStateSerdeTest {
    private static final String CHANGELOG = PlacementTopology.changelog(PlacementTopology.INFLIGHT_STORE);

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final StateSerdes state = new StateSerdes(registry);

    @Test
    void shouldWriteOpenCommandsInTheWireFormatAndReadThemBack() {
        Serde<InFlight> serde = PlacementTopology.stateSerde(state, InFlight.class);
        InFlight open = InFlight.of(command(TrackedCommand.State.BACKOFF, null));

        byte[] bytes = serde.serializer().serialize(CHANGELOG, open);

        assertThat(WireFormat.looksLikeAvro(bytes)).isTrue();
        assertThat(registry.subjects()).containsExactly(CHANGELOG + "-value");
        assertThat(serde.deserializer().deserialize(CHANGELOG, bytes)).isEqualTo(open);
    }

    @Test
    void shouldReadOpenCommandsEarlierBuildsWroteAsJson() {
        String json = "{\"commands\":[{\"commandId\":\"c1\",\"path\":\"/d/a\",\"op\":\"COPY\",\"source\":\"nas\","
                + "\"target\":\"gpu\",\"size\":10,\"mtime\":5,\"etag\":null,\"crc32c\":7,\"recordVersion\":3,"
                + "\"reason\":\"policy:p\",\"priority\":1,\"deadline\":null,\"attempt\":2,\"issuedAt\":100,"
                + "\"leaseMillis\":60000,\"state\":\"BACKOFF\",\"dueAt\":200,\"lastError\":\"IO: disk full\"}]}";

        InFlight read = PlacementTopology.stateSerde(state, InFlight.class).deserializer()
                .deserialize(CHANGELOG, json.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(InFlight.of(command(TrackedCommand.State.BACKOFF, "IO: disk full")));
    }

    @Test
    void shouldRoundTripEveryKindOfPlacementState() {
        StagingProgress part = new StagingProgress("r1", "job", 2, 3, 10, 4, 1000, 400, 0, null, 9_000, 10_000, "/d/b");
        StagingTotals totals = new StagingTotals("r1", Map.of(2, part), 50L, "STAGING", null);
        StuckFile stuck = new StuckFile("/d/a", "c1", "no result within the lease after 5 attempts", 5, 3, 400);
        RescanJob job = RescanJob.silo("nas").at("nas\u00000000\u0000/d/a");

        assertThat(roundTrip(StagingProgress.class, part)).isEqualTo(part);
        assertThat(roundTrip(StagingTotals.class, totals)).isEqualTo(totals);
        assertThat(roundTrip(StuckFile.class, stuck)).isEqualTo(stuck);
        assertThat(roundTrip(RescanJob.class, job)).isEqualTo(job);
    }

    private <T extends Record> T roundTrip(Class<T> type, T value) {
        Serde<T> serde = PlacementTopology.stateSerde(state, type);
        String topic = "state-" + type.getSimpleName();
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, value));
    }

    private static TrackedCommand command(TrackedCommand.State state, String lastError) {
        return new TrackedCommand("c1", "/d/a", MoveOp.COPY, "nas", "gpu", 10, 5, null, 7L, 3, "policy:p", 1, null, 2, 100,
                60_000, state, 200, lastError);
    }
}
