package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a placement notice tells a scheduler without a join: where the instance is, and which staging requests it serves. */
class PlacementNoticeTopologyTest {
    private static final String PATH = "/datasets/train/a.bin";

    private final PlacementDriver placement = new PlacementDriver();

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldGiveTheAbsolutePathOfTheInstanceOnAPosixSilo() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        placement.file(record(PATH, 1, Map.of(), instance("nas", 10, 1L)));
        placement.file(record(PATH, 2, Map.of(), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));
        placement.file(record(PATH, 3, Map.of(), instance("gpu-nvme", 10, 1L)));

        assertThat(placement.notices.readValuesToList()).extracting(n -> n.getChange() + " " + n.getUri())
                .containsExactly("ADDED /srv/nas/train/a.bin", "ADDED /srv/gpu-nvme/train/a.bin", "REMOVED /srv/nas/train/a.bin");
    }

    @Test
    void shouldGiveTheS3UriOfTheInstanceWithTheSilosNormalizedPrefix() {
        Silo lake = s3("lake", "/datasets", "/meridian/copies");
        Silo bucket = s3("bucket", "/", null);
        placement.given(List.of(Fixtures.nas(), lake, bucket), List.of());
        placement.file(record(PATH, 1, Map.of(), instance("lake", 10, 1L), instance("bucket", 10, 1L)));

        assertThat(placement.notices.readValuesToList()).extracting(PlacementNotice::getSilo, PlacementNotice::getUri)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("lake", "s3://lake-bucket/meridian/copies/train/a.bin"),
                        Tuple.tuple("bucket", "s3://bucket-bucket/datasets/train/a.bin"));
    }

    @Test
    void shouldHaveNoUriForAPathOutsideTheSilosMount() {
        placement.given(List.of(Fixtures.nas()), List.of());
        placement.file(record("/scratch/a.bin", 1, Map.of(), instance("nas", 10, 1L)));

        PlacementNotice notice = placement.notices.readValue();
        assertThat(notice.getChange()).isEqualTo(PlacementChange.ADDED);
        assertThat(notice.getUri()).isNull();
    }

    @Test
    void shouldNameTheOpenStagingRequestsWhosePlaceTheNewInstanceIs() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        request(staging("train-east", "gpu-east", "/datasets/train/", hours(2)));
        request(staging("other-east", "gpu-east", "/datasets/other/", hours(2))); // does not select the file
        request(staging("train-onprem", "onprem", "/datasets/train/", hours(2))); // another site than gpu-nvme's
        request(staging("over", "gpu-east", "/datasets/train/", T0.plusSeconds(30))); // pin over before the copy lands
        StagingRequest early = staging("early-east", "gpu-east", "/datasets/", hours(2));
        early.setDeadline(T0.plus(Duration.ofMinutes(10)));
        request(early);
        placement.tick();
        placement.advance(Duration.ofMinutes(1));

        placement.file(record(PATH, 1, Map.of(), instance("gpu-nvme", 10, 1L)));

        PlacementNotice notice = placement.notices.readValue();
        assertThat(notice.getSilo()).isEqualTo("gpu-nvme");
        assertThat(notice.getStagingRequests()).as("earliest deadline first, as requests claim files")
                .containsExactly("early-east", "train-east");
    }

    @Test
    void shouldNameTheRequestsAnInstanceServedWhenItIsRemoved() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        request(staging("train-east", "gpu-east", "/datasets/train/", hours(2)));
        placement.tick();
        placement.file(record(PATH, 1, Map.of(), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));
        placement.notices.readValuesToList();

        placement.file(record(PATH, 2, Map.of(), instance("nas", 10, 1L)));

        PlacementNotice removed = placement.notices.readValue();
        assertThat(removed.getChange()).isEqualTo(PlacementChange.REMOVED);
        assertThat(removed.getStagingRequests()).containsExactly("train-east");
    }

    @Test
    void shouldPublishOnStagingNoticesExactlyTheNoticesThatServeARequest() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        request(staging("train-east", "gpu-east", "/datasets/train/", hours(2)));
        placement.tick();
        placement.file(record(PATH, 1, Map.of(), instance("nas", 10, 1L)));
        placement.file(record("/datasets/eval/b.bin", 1, Map.of(), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));
        placement.file(record(PATH, 2, Map.of(), instance("nas", 10, 1L), instance("gpu-nvme", 10, 1L)));

        List<PlacementNotice> all = placement.notices.readValuesToList();
        List<PlacementNotice> staging = placement.stagingNotices.readValuesToList();

        assertThat(all).hasSize(4);
        assertThat(staging).extracting(n -> n.getPath() + " " + n.getSilo() + " " + n.getStagingRequests())
                .containsExactly(PATH + " gpu-nvme [train-east]");
        assertThat(all).filteredOn(n -> !n.getStagingRequests().isEmpty()).containsExactlyElementsOf(staging);
    }

    private void request(StagingRequest request) {
        placement.requests.pipeInput(request.getRequestId(), request);
    }

    private static StagingRequest staging(String id, String site, String prefix, Instant pinUntil) {
        Instant deadline = pinUntil.isBefore(T0.plus(Duration.ofHours(1))) ? pinUntil : T0.plus(Duration.ofHours(1));
        return Fixtures.staging(id, site, List.of(prefix), Map.of(), deadline, pinUntil);
    }

    private static Instant hours(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static Silo s3(String id, String mount, String prefix) {
        Silo silo = Fixtures.silo(id, "cloud-a", Tier.CAPACITY, 1L << 40);
        silo.setKind(SiloKind.S3);
        silo.setMount(mount);
        silo.setRoot(null);
        silo.setEndpoint("http://127.0.0.1:9000");
        silo.setBucket(id + "-bucket");
        silo.setPrefix(prefix);
        return silo;
    }
}
