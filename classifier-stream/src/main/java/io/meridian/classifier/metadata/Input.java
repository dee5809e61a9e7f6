package io.meridian.classifier.metadata;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.TagCommand;

/**
 * One input of the record processor, from any of its topics, so that all changes of a path are
 * applied by one processor in one order. Exactly one payload is set; {@code topic} is where it was
 * read, for dead letters.
 */
public record Input(Kind kind, Object payload, String topic) {

    /** What the payload is. */
    public enum Kind { FILE_EVENT, FILE_TAGS, DIRECTORY_TAGS, MOVE_RESULT, ACCESS }

    public static Input event(FileEvent event, String topic) {
        return new Input(Kind.FILE_EVENT, event, topic);
    }

    public static Input fileTags(TagCommand command, String topic) {
        return new Input(Kind.FILE_TAGS, command, topic);
    }

    public static Input directoryTags(TagCommand command, String topic) {
        return new Input(Kind.DIRECTORY_TAGS, command, topic);
    }

    public static Input moveResult(MoveResult result, String topic) {
        return new Input(Kind.MOVE_RESULT, result, topic);
    }

    public static Input access(AccessEvent access, String topic) {
        return new Input(Kind.ACCESS, access, topic);
    }

    public FileEvent fileEvent() {
        return (FileEvent) payload;
    }

    public TagCommand tagCommand() {
        return (TagCommand) payload;
    }

    public MoveResult moveResult() {
        return (MoveResult) payload;
    }

    public AccessEvent accessEvent() {
        return (AccessEvent) payload;
    }
}
