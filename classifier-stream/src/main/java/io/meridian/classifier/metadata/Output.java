package io.meridian.classifier.metadata;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.SiloUsage;

/**
 * One result of the record processor: a metadata record (keyed by path; null value is a tombstone),
 * a usage delta (keyed by silo id), or a dead letter (the original value's bytes; headers say why).
 */
public record Output(Kind kind, FileRecord record, SiloUsage usageDelta, byte[] deadLetter) {

    /** Where the result goes. */
    public enum Kind { METADATA, USAGE_DELTA, DEAD_LETTER }

    public static Output metadata(FileRecord record) {
        return new Output(Kind.METADATA, record, null, null);
    }

    public static Output usage(SiloUsage delta) {
        return new Output(Kind.USAGE_DELTA, null, delta, null);
    }

    public static Output deadLetter(byte[] value) {
        return new Output(Kind.DEAD_LETTER, null, null, value);
    }
}
