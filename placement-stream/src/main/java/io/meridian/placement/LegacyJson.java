package io.meridian.placement;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads placement state that builds before {@link io.meridian.streams.StateSerdes} wrote as JSON of
 * the Java records (open commands, stuck files, staging progress and totals, rescan jobs), so that
 * stores and changelogs written by them stay readable: each such value is replaced by the wire
 * format the next time it is written. Nothing is written as JSON any more.
 */
final class LegacyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new BlackbirdModule());

    private LegacyJson() {
    }

    /** A deserializer of JSON of the record {@code type}. */
    static <T> Deserializer<T> reader(Class<T> type) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON on " + topic, e);
            }
        };
    }
}
