package io.meridian.classifier.metadata;

import io.meridian.schemas.SiloUsage;

/**
 * One result of the record processor: a metadata record (keyed by path; its encoded bytes, as the
 * files store keeps them; null is a tombstone), a usage delta (keyed by silo id), or a dead letter
 * (the original value's bytes; headers say why).
 */
public record Output(Kind kind, byte[] record, SiloUsage usageDelta, byte[] deadLetter) {

    /** Where the result goes. */
    public enum Kind { METADATA, USAGE_DELTA, DEAD_LETTER }

    public static Output metadata(byte[] record) {
        return new Output(Kind.METADATA, record, null, null);
    }

    public static Output usage(SiloUsage delta) {
        return new Output(Kind.USAGE_DELTA, null, delta, null);
    }

    public static Output deadLetter(byte[] value) {
        return new Output(Kind.DEAD_LETTER, null, null, value);
    }
}
