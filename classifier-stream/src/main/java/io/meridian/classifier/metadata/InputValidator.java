package io.meridian.classifier.metadata;

import io.meridian.classifier.tags.TagUpdate;
import io.meridian.events.Sequencer;
import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Silo;
import io.meridian.schemas.TagCommand;
import java.util.function.Function;

/**
 * Checks an input at the edge of the classifier (DESIGN.md invariant 7). Each check throws
 * {@link InvalidInputException} with the reason, which becomes the dead letter's message.
 */
final class InputValidator {
    private final Function<String, Silo> silos;

    InputValidator(Function<String, Silo> silos) {
        this.silos = silos;
    }

    /** Validates an input keyed by {@code key}. */
    void check(String key, Input input) {
        if (input.payload() == null) {
            throw new InvalidInputException("a record without a value (tombstone) is not an input of the classifier");
        }
        switch (input.kind()) {
            case FILE_EVENT -> fileEvent(key, input.fileEvent());
            case FILE_TAGS -> tagCommand(key, input.tagCommand(), false);
            case DIRECTORY_TAGS -> tagCommand(key, input.tagCommand(), true);
            case MOVE_RESULT -> path(key, input.moveResult().getPath(), false);
            case ACCESS -> path(key, input.accessEvent().getPath(), false);
            default -> throw new IllegalStateException("unknown input kind " + input.kind());
        }
    }

    private void fileEvent(String key, FileEvent event) {
        path(key, event.getPath(), false);
        if (silos.apply(event.getSilo()) == null) {
            throw new InvalidInputException("unknown silo '" + event.getSilo() + "': silos come from "
                    + "meridian.silos (the config's silos:); publish the config with `meridian init` or fix the producer");
        }
        try {
            Sequencer.validate(event.getSequencer());
            if (event.getType() == FileEventType.RENAME) {
                if (event.getPreviousPath() == null) {
                    throw new InvalidInputException("a RENAME needs previousPath");
                }
                LogicalPath.file(event.getPreviousPath());
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    private static void tagCommand(String key, TagCommand command, boolean directory) {
        path(key, command.getPath(), directory);
        try {
            TagUpdate.validate(command);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    private static void path(String key, String path, boolean directory) {
        try {
            if (directory) {
                LogicalPath.directory(path);
            } else {
                LogicalPath.file(path);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("bad path: " + e.getMessage());
        }
        if (!path.equals(key)) {
            throw new InvalidInputException("record key '" + key + "' is not the path '" + path
                    + "' of its value; producers must key by logical path");
        }
    }

    /** An input the classifier refuses; its message is the reason. */
    static final class InvalidInputException extends RuntimeException {
        InvalidInputException(String message) {
            super(message);
        }
    }
}
