package io.meridian.placement.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.PlacementTopology;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The summing of per-partition staging progress, with its expiry punctuator fired by hand. */
class StagingStatusProcessorTest {
    private static final String STORE = "totals";
    private final MockProcessorContext<String, StagingStatus> context = new MockProcessorContext<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StagingStatusProcessor processor = new StagingStatusProcessor(STORE, Duration.ofSeconds(1),
            new StagingMetrics(meters));

    @BeforeEach
    void init() {
        KeyValueStore<String, StagingTotals> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), PlacementTopology.stateSerde(new StateSerdes(new InMemorySchemaRegistry()), StagingTotals.class))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    @Test
    void shouldNotBeReadyUntilEveryPartitionHasReported() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 3, 2, 2));
        processor.process(progress(1, 3, 0, 0));
        assertThat(states()).isNotEmpty().containsOnly(StagingState.STAGING);

        processor.process(progress(2, 3, 1, 1));
        List<StagingStatus> statuses = statuses();
        StagingStatus ready = statuses.get(statuses.size() - 1);
        assertThat(ready.getState()).isEqualTo(StagingState.READY);
        assertThat(ready.getFilesTotal()).isEqualTo(3);
        assertThat(ready.getBytesReady()).isEqualTo(300);
    }

    @Test
    void shouldCountRequestsByStateAndTimeFromStagingToReady() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 1, 2, 1));
        assertThat(requests(StagingState.STAGING)).isEqualTo(1);
        assertThat(requests(StagingState.READY)).isZero();

        context.setCurrentSystemTimeMs(4_000);
        processor.process(progress(0, 1, 2, 2));
        context.setCurrentSystemTimeMs(5_000);
        processor.process(progress(0, 1, 2, 2));

        assertThat(requests(StagingState.STAGING)).isZero();
        assertThat(requests(StagingState.READY)).isEqualTo(1);
        assertThat(meters.get("meridian.staging.time.to.ready").timer().count()).isEqualTo(1);
        assertThat(meters.get("meridian.staging.time.to.ready").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(3_000);
        assertThat(meters.get("meridian.staging.deadline.misses").counter().count()).isZero();
    }

    @Test
    void shouldCountADeadlineMissOnceAndForgetARequestWhenReleased() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 1, 2, 1));
        context.setCurrentSystemTimeMs(60_001);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(60_001);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(60_002);

        assertThat(meters.get("meridian.staging.deadline.misses").counter().count()).isEqualTo(1);
        assertThat(requests(StagingState.EXPIRED)).isEqualTo(1);

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(Long.MAX_VALUE / 2); // past the pins
        assertThat(requests(StagingState.EXPIRED)).isZero();
    }

    private double requests(StagingState state) {
        return meters.get("meridian.staging.requests").tag("state", state.name()).gauge().value();
    }

    @Test
    void shouldEstimateTimeLeftFromObservedThroughput() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 1, 4, 0));
        context.setCurrentSystemTimeMs(11_000);
        processor.process(progress(0, 1, 4, 1)); // 100 bytes in 10 s; 300 left

        List<StagingStatus> statuses = statuses();
        assertThat(statuses.get(statuses.size() - 1).getEtaMillis()).isEqualTo(30_000L);
    }

    @Test
    void shouldExpireWhenTheDeadlinePassesBeforeReady() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 1, 2, 1));
        context.setCurrentSystemTimeMs(60_001);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(60_001);

        List<StagingStatus> statuses = statuses();
        StagingStatus expired = statuses.get(statuses.size() - 1);
        assertThat(expired.getState()).isEqualTo(StagingState.EXPIRED);
        assertThat(expired.getReason()).isEqualTo("1 of 2 files were not at the site by the deadline");
    }

    @Test
    void shouldLeaveReadyWhenAPartitionLosesAFileAndComeBackWhenItReturns() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 3, 2, 2));
        processor.process(progress(1, 3, 1, 1));
        processor.process(progress(2, 3, 1, 1));
        assertThat(last().getState()).isEqualTo(StagingState.READY);

        context.setCurrentSystemTimeMs(2_000);
        processor.process(progress(1, 3, 1, 0));
        StagingStatus lost = last();
        assertThat(lost.getState()).isEqualTo(StagingState.STAGING);
        assertThat(lost.getFilesReady()).isEqualTo(3);
        assertThat(lost.getReason()).contains("no longer READY", "1 of 4 files not at the site", "/d/p1-missing.bin");

        context.setCurrentSystemTimeMs(3_000);
        processor.process(progress(1, 3, 1, 1));
        assertThat(last().getState()).isEqualTo(StagingState.READY);
        assertThat(last().getReason()).isNull();
    }

    @Test
    void shouldNotExpireARequestThatWasReadyWhenItLosesAFileAfterTheDeadline() {
        context.setCurrentSystemTimeMs(1_000);
        processor.process(progress(0, 1, 2, 2));
        context.setCurrentSystemTimeMs(61_000);
        processor.process(progress(0, 1, 2, 1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(62_000);

        assertThat(states()).containsExactly(StagingState.READY, StagingState.STAGING);
        context.setCurrentSystemTimeMs(63_000);
        processor.process(progress(0, 1, 2, 2));
        assertThat(last().getState()).as("a later record is still counted").isEqualTo(StagingState.READY);
    }

    private StagingStatus last() {
        List<StagingStatus> statuses = statuses();
        return statuses.get(statuses.size() - 1);
    }

    private static Record<String, StagingProgress> progress(int partition, int partitions, long files, long ready) {
        return new Record<>("r", new StagingProgress("r", "job", partition, partitions, files, ready, files * 100,
                ready * 100, 0, null, 60_000, 120_000, ready < files ? "/d/p" + partition + "-missing.bin" : null), 0L);
    }

    private List<StagingStatus> statuses() {
        return context.forwarded().stream().map(f -> (StagingStatus) f.record().value()).toList();
    }

    private List<StagingState> states() {
        return statuses().stream().map(StagingStatus::getState).toList();
    }
}
