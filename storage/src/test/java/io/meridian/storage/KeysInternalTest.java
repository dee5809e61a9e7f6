package io.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Keys#isInternal}: the names S3Proxy 3's nio2 blob stores and Meridian's writers give objects
 * of an upload in progress (as listed from the embedded endpoint mid-upload) are not files; names
 * that only resemble them are.
 */
class KeysInternalTest {
    private static final String UPLOAD = "ee8f034e-6349-4148-acb8-2ee51bf4e4fd";

    @Test
    void shouldTreatMeridianTempNamesAsInternalAtAnyDepth() {
        assertThat(Keys.isInternal(".meridian-tmp-460a77ba", 50)).isTrue();
        assertThat(Keys.isInternal("train/.meridian-tmp-460a77ba", 50)).isTrue();
        assertThat(Keys.isInternal(".meridian-tmp-dir-1/inside.bin", 2)).isTrue();
        assertThat(Keys.isInternal("a/.meridian-tmp-dir-1/b/c.bin", Keys.UNKNOWN_SIZE)).isTrue();
    }

    @Test
    void shouldTreatS3ProxyUploadStubsAndPartsAsInternal() {
        assertThat(Keys.isInternal(".mpus-" + UPLOAD + "-train/big.bin-stub", 0)).isTrue();
        assertThat(Keys.isInternal(".mpus-" + UPLOAD + "-train/big.bin-1", 5_242_880)).isTrue();
        assertThat(Keys.isInternal(".mpus-" + UPLOAD + "-big.bin-2", Keys.UNKNOWN_SIZE)).isTrue();
        assertThat(Keys.isInternal(UPLOAD, 0)).isTrue();
    }

    @Test
    void shouldKeepUserFilesThatOnlyResembleInternalNames() {
        assertThat(Keys.isInternal("a.bin", 1)).isFalse();
        assertThat(Keys.isInternal("meridian-tmp-notes.txt", 1)).isFalse();
        assertThat(Keys.isInternal("x.meridian-tmp-y", 1)).isFalse();
        assertThat(Keys.isInternal("train/.mpus-notes", 1)).as(".mpus- only at the bucket root").isFalse();
        assertThat(Keys.isInternal(UPLOAD, 3)).as("a non-empty object named by a UUID").isFalse();
        assertThat(Keys.isInternal(UPLOAD, Keys.UNKNOWN_SIZE)).isFalse();
        assertThat(Keys.isInternal("runs/" + UPLOAD, 0)).as("a UUID below the root").isFalse();
        assertThat(Keys.isInternal(UPLOAD.toUpperCase(), 0)).isFalse();
    }
}
