package io.meridian.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceChooserTest {
    private final MetadataStore store = new MetadataStore();

    @Test
    void shouldOfferEachReadableCopyWithItsKeyBelowItsSilosMountAtTheReadersSiteFirst() {
        store.putSilo("nas", Records.posixSilo("nas", "/srv/nas", "onprem", Tier.CAPACITY, 1L << 40));
        Silo whole = Records.posixSilo("gpu", "/srv/gpu", "gpu-east", Tier.NVME, 1L << 40);
        whole.setMount("/");
        store.putSilo("gpu", whole);
        Silo lake = Records.posixSilo("lake", null, "cloud", Tier.ARCHIVE, 1L << 40);
        lake.setKind(SiloKind.S3);
        lake.setBucket("lake");
        store.putSilo("lake", lake);
        store.putFile(Records.file("/datasets/train/a.bin", 10, Map.of(), "nas", "gpu", "lake"));

        InstanceChooser chooser = new InstanceChooser(store, "lake"::equals);

        assertThat(chooser.candidates(store.file("/datasets/train/a.bin").orElseThrow(), "gpu-east"))
                .extracting(c -> c.silo().getId() + " " + c.key())
                .containsExactly("gpu datasets/train/a.bin", "nas train/a.bin", "lake train/a.bin");
    }

    @Test
    void shouldSkipACopyOnASiloWhoseMountDoesNotCoverThePathOrThatItCannotRead() {
        Silo elsewhere = Records.posixSilo("elsewhere", "/srv/e", "onprem", Tier.CAPACITY, 1L << 40);
        elsewhere.setMount("/datasets/train/a.bin");
        store.putSilo("elsewhere", elsewhere);
        Silo lake = Records.posixSilo("lake", null, "cloud", Tier.ARCHIVE, 1L << 40);
        lake.setKind(SiloKind.S3);
        store.putSilo("lake", lake);
        store.putFile(Records.file("/datasets/train/a.bin", 10, Map.of(), "elsewhere", "lake"));

        InstanceChooser chooser = new InstanceChooser(store, id -> false);

        assertThat(chooser.candidates(store.file("/datasets/train/a.bin").orElseThrow(), "onprem")).isEmpty();
    }
}
