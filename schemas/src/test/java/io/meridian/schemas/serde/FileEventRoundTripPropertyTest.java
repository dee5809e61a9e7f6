package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever strings and numbers a watcher puts in a FileEvent, the wire format gives them back. */
class FileEventRoundTripPropertyTest {

    private final AvroSerde<FileEvent> serde = AvroSerde.specific(FileEvent.class, new InMemorySchemaRegistry());

    @Property(tries = 300)
    void shouldRoundTripAnyFileEvent(@ForAll("fileEvents") FileEvent event) {
        byte[] bytes = serde.serializer().serialize("meridian.file-events", event);

        assertThat(serde.deserializer().deserialize("meridian.file-events", bytes)).isEqualTo(event);
    }

    @Provide
    Arbitrary<FileEvent> fileEvents() {
        Arbitrary<String> text = unicodeText();
        Arbitrary<String> optionalText = text.injectNull(0.3);
        Arbitrary<Long> longs = Arbitraries.longs();
        // timestamp-millis holds any long; Instant covers about +-292 million years, which is enough.
        Arbitrary<Instant> instants = Arbitraries.longs().between(-8_000_000_000_000_000L, 8_000_000_000_000_000L)
                .map(Instant::ofEpochMilli);
        return Combinators.combine(
                Combinators.combine(text, text, Arbitraries.of(FileEventType.class), Arbitraries.of(FileType.class),
                        optionalText, longs, instants, Arbitraries.integers().injectNull(0.3))
                        .as(Head::new),
                Combinators.combine(optionalText, optionalText, optionalText, optionalText,
                        longs.injectNull(0.3), optionalText, text, Arbitraries.of(EventSource.class))
                        .as(Tail::new),
                instants, optionalText)
                .as((head, tail, observedAt, message) -> new FileEvent(head.path, head.silo, head.type, head.fileType,
                        head.previousPath, head.size, head.mtime, head.mode, tail.owner, tail.fileKey, tail.etag,
                        tail.versionId, tail.crc32c, tail.symlinkTarget, tail.sequencer, tail.source, observedAt,
                        message));
    }

    /**
     * Any Unicode text, supplementary characters included. Not Java strings with unpaired surrogates: those
     * are not Unicode, and Avro's UTF-8 encoding turns them into '?' (watchers must refuse such names).
     */
    private static Arbitrary<String> unicodeText() {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list().ofMaxSize(60)
                .map(codePoints -> new String(codePoints.stream().mapToInt(Integer::intValue).toArray(), 0,
                        codePoints.size()));
    }

    private record Head(String path, String silo, FileEventType type, FileType fileType, String previousPath,
                        Long size, Instant mtime, Integer mode) {
    }

    private record Tail(String owner, String fileKey, String etag, String versionId, Long crc32c,
                        String symlinkTarget, String sequencer, EventSource source) {
    }
}
