package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.removeTags;
import static io.meridian.classifier.TestEvents.setTags;
import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Tag;
import io.meridian.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** User tags on files and directories: inheritance, precedence, audit, re-emission. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TagInheritanceTest {
    private static final String OLD = "/datasets/train/a/old.bin";
    private static final String NEW = "/datasets/train/a/new.bin";
    private static final String OUTSIDE = "/datasets/eval/x.bin";

    @TempDir
    Path stateDir;
    ClassifierDriver classifier;

    @BeforeEach
    void start() {
        classifier = new ClassifierDriver(stateDir, List.of(), false, "nas");
    }

    @AfterEach
    void stop() {
        classifier.close();
    }

    @Test
    void shouldGiveDirectoryTagsToPresentAndFutureFilesBelowIt() {
        classifier.pipe(upsert(OLD, "nas", 1, 1));
        classifier.pipe(upsert(OUTSIDE, "nas", 1, 2));
        classifier.latest();

        classifier.pipe(setTags("/datasets/train/", Map.of("stage", "training"), "ana"));
        Map<String, FileRecord> reemitted = classifier.latest();
        assertThat(reemitted).containsOnlyKeys(OLD);
        Tag tag = reemitted.get(OLD).getTags().get("stage");
        assertThat(tag.getValue()).isEqualTo("training");
        assertThat(tag.getSetBy()).isEqualTo("ana");
        assertThat(tag.getInheritedFrom()).isEqualTo("/datasets/train/");

        classifier.pipe(upsert(NEW, "nas", 1, 3));
        assertThat(classifier.latest().get(NEW).getTags().get("stage").getValue()).isEqualTo("training");
    }

    @Test
    void shouldPreferTheFilesOwnTagThenTheNearestDirectory() {
        classifier.pipe(upsert(OLD, "nas", 1, 1));
        classifier.pipe(upsert(NEW, "nas", 1, 2));
        classifier.pipe(setTags("/datasets/", Map.of("stage", "raw", "team", "vision"), "ana"));
        classifier.pipe(setTags("/datasets/train/a/", Map.of("stage", "training"), "bo"));
        classifier.pipe(setTags(NEW, Map.of("stage", "holdout"), "cy"));

        Map<String, FileRecord> latest = classifier.latest();
        assertThat(latest.get(OLD).getTags().get("stage").getValue()).isEqualTo("training");
        assertThat(latest.get(OLD).getTags().get("team").getInheritedFrom()).isEqualTo("/datasets/");
        assertThat(latest.get(NEW).getTags().get("stage").getValue()).isEqualTo("holdout");
        assertThat(latest.get(NEW).getTags().get("stage").getInheritedFrom()).isNull();
    }

    @Test
    void shouldReemitFilesWhenADirectoryTagIsRemoved() {
        classifier.pipe(upsert(OLD, "nas", 1, 1));
        classifier.pipe(setTags("/datasets/train/", Map.of("stage", "training"), "ana"));
        classifier.latest();

        classifier.pipe(removeTags("/datasets/train/", List.of("stage"), "ana"));
        FileRecord record = classifier.latest().get(OLD);
        assertThat(record.getTags()).isEmpty();
    }

    @Test
    void shouldKeepTagsSetBeforeTheFileIsSeen() {
        classifier.pipe(setTags(NEW, Map.of("owner_team", "nlp"), "ana"));
        assertThat(classifier.latest()).isEmpty();

        classifier.pipe(upsert(NEW, "nas", 1, 1));
        assertThat(classifier.latest().get(NEW).getTags().get("owner_team").getValue()).isEqualTo("nlp");
    }

    @Test
    void shouldDeadLetterInvalidTagKeys() {
        classifier.pipe(upsert(OLD, "nas", 1, 1));
        classifier.pipe(setTags(OLD, Map.of("Bad Key", "x"), "ana"));
        var letters = classifier.deadLetters.readRecordsToList();
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("tag key 'Bad Key' is invalid");
    }
}
