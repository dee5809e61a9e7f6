package io.meridian.classifier.metadata;

import io.meridian.classifier.tags.TagUpdate;
import io.meridian.events.FileEventRules;
import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.Silo;
import io.meridian.schemas.TagCommand;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * Checks an input at the edge of the classifier (DESIGN.md invariant 7). Each check throws
 * {@link InvalidInputException} with the reason, which becomes the dead letter's message. File events
 * must obey {@link FileEventRules}, the rules every other edge applies too (a known silo, a path under
 * its mount, bounded sizes, times and strings, a sequencer not from the future), and be keyed by path.
 */
final class InputValidator {
    private static final String UNKNOWN_SILO_HINT = "silos come from meridian.silos (the config's silos:); "
            + "publish the config with `meridian init` or fix the producer";

    private final FileEventRules fileEvents;

    /** A validator for the silos {@code silos} finds (null: unknown), with {@code clock} bounding event times. */
    InputValidator(Function<String, Silo> silos, InstantSource clock) {
        this.fileEvents = new FileEventRules(id -> {
            Silo silo = silos.apply(id);
            return silo == null ? null : silo.getMount();
        }, UNKNOWN_SILO_HINT, clock);
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
        try {
            fileEvents.check(event);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (!event.getPath().equals(key)) {
            throw new InvalidInputException("record key " + shown(key) + " is not the path '" + event.getPath()
                    + "' of its value; producers must key by logical path");
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
            throw new InvalidInputException("record key " + shown(key) + " is not the path '" + path
                    + "' of its value; producers must key by logical path");
        }
    }

    private static String shown(String key) {
        return key == null ? "(none)" : "'" + (key.length() <= 100 ? key : key.substring(0, 100) + "...") + "'";
    }

    /** An input the classifier refuses; its message is the reason. */
    static final class InvalidInputException extends RuntimeException {
        InvalidInputException(String message) {
            super(message);
        }
    }
}
