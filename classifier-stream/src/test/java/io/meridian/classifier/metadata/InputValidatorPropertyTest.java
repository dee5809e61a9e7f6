package io.meridian.classifier.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.topics.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile FileEvent records on the classifier's input (issue #13): mutations of a valid event, each
 * labelled with whether it leaves the event valid (the reference). The validator refuses exactly the
 * invalid ones with an InvalidInputException whose reason names the field, and nothing else escapes.
 * Seed printed by jqwik; replay with {@code @Property(seed = "...")}.
 */
class InputValidatorPropertyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Silo NAS = Silo.newBuilder().setId("nas").setKind(SiloKind.POSIX).setMount("/datasets").setSite("s")
            .setTier(Tier.CAPACITY).setCapacityBytes(1L << 40).build();
    private final InputValidator validator = new InputValidator(id -> id.equals("nas") ? NAS : null, () -> NOW);

    /** A change of one field, the field it names, and whether the result is still valid. */
    record Mutation(String field, UnaryOperator<FileEvent.Builder> change, boolean valid) {
        @Override
        public String toString() {
            return field + (valid ? " (valid)" : " (invalid)");
        }
    }

    private static Mutation ok(String field, UnaryOperator<FileEvent.Builder> change) {
        return new Mutation(field, change, true);
    }

    private static Mutation bad(String field, UnaryOperator<FileEvent.Builder> change) {
        return new Mutation(field, change, false);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Arbitraries.of(
                ok("size", e -> e.setSize(1L << 53)), bad("size", e -> e.setSize((1L << 53) + 1)),
                bad("size", e -> e.setSize(Long.MAX_VALUE)), bad("size", e -> e.setSize(-5)),
                ok("mtime", e -> e.setMtime(Instant.EPOCH)), bad("mtime", e -> e.setMtime(Instant.ofEpochMilli(-99_999_999_999_999_999L))),
                bad("mtime", e -> e.setMtime(Instant.ofEpochMilli(Long.MAX_VALUE))), ok("mtime", e -> e.setMtime(Instant.parse("2100-01-01T00:00:00Z"))),
                bad("observedAt", e -> e.setObservedAt(NOW.plusSeconds(2 * 86_400))), bad("observedAt", e -> e.setObservedAt(Instant.ofEpochMilli(-1))),
                bad("sequencer", e -> e.setSequencer("99999999999999999-1")), bad("sequencer", e -> e.setSequencer("1764547200000000-")),
                bad("sequencer", e -> e.setSequencer("-0-0")), bad("sequencer", e -> e.setSequencer("1764547200000000-a b")),
                bad("sequencer", e -> e.setSequencer("7258118400000000-1")), ok("sequencer", e -> e.setSequencer("1764547200000000-" + "z".repeat(64))),
                ok("sequencer", e -> e.setSequencer(Sequencer.of(NOW.plusSeconds(86_400), Long.MAX_VALUE))),
                bad("path", e -> e.setPath("/etc/passwd")), bad("path", e -> e.setPath("/datasets/../etc/passwd")),
                bad("path", e -> e.setPath("/datasets/a\u0000b")), bad("path", e -> e.setPath("/datasets/" + "p".repeat(5000))),
                bad("previousPath", e -> e.setType(FileEventType.RENAME).setPreviousPath("/etc/shadow")),
                bad("previousPath", e -> e.setType(FileEventType.RENAME).setPreviousPath(null)), ok("previousPath", e -> e.setType(FileEventType.RENAME).setPreviousPath("/datasets/o")),
                bad("silo", e -> e.setSilo("mars")), bad("owner", e -> e.setOwner("x".repeat(257))), ok("owner", e -> e.setOwner("x".repeat(256))),
                bad("owner", e -> e.setOwner("a\u001bb")), bad("etag", e -> e.setEtag("e".repeat(300))), bad("versionId", e -> e.setVersionId("v".repeat(1025))),
                bad("symlinkTarget", e -> e.setSymlinkTarget("t".repeat(4097))), bad("message", e -> e.setMessage("m".repeat(8193))),
                ok("message", e -> e.setMessage("line1\nline2")), bad("mode", e -> e.setMode(-1)), bad("mode", e -> e.setMode(0100644)),
                ok("mode", e -> e.setMode(07777)), bad("crc32c", e -> e.setCrc32c(-1L)), ok("crc32c", e -> e.setCrc32c(0xFFFF_FFFFL)))
                .list().ofMaxSize(3);
    }

    @Property(tries = 500)
    void refusesExactlyTheInvalidEventsNamingTheField(@ForAll("mutations") List<Mutation> mutations) {
        FileEvent.Builder builder = FileEvent.newBuilder().setSilo("nas").setPath("/datasets/a.bin").setType(FileEventType.UPSERT)
                .setFileType(FileType.FILE).setSize(1).setMtime(NOW).setObservedAt(NOW).setSequencer(Sequencer.of(NOW, 1))
                .setSource(EventSource.POSIX_WATCH);
        mutations.forEach(m -> m.change().apply(builder));
        FileEvent event = builder.build();
        Input input = Input.event(event, Topics.FILE_EVENTS);
        // A later change of a field replaces an earlier one: the last change of each field decides.
        Map<String, Mutation> last = new LinkedHashMap<>();
        mutations.forEach(m -> last.put(m.field(), m));

        if (last.values().stream().allMatch(Mutation::valid)) {
            assertThatCode(() -> validator.check(event.getPath(), input)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> validator.check(event.getPath(), input))
                    .isInstanceOf(InputValidator.InvalidInputException.class)
                    .satisfies(e -> assertThat(last.values().stream().filter(m -> !m.valid())
                            .anyMatch(m -> e.getMessage().contains("'" + m.field() + "'")
                                    || m.field().equals("silo") && e.getMessage().startsWith("unknown silo")
                                    || m.field().equals("previousPath") && e.getMessage().contains("'previousPath'")))
                            .as(e.getMessage()).isTrue());
        }
    }
}
