package io.meridian.cli.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the WARN lines Kafka prints on every healthy first start and stop, which made a newcomer's
 * first {@code ./meridian up} look broken: consumers asking for the Streams apps' own repartition and
 * changelog topics before Streams has created them, the embedded controller finding its new metadata
 * log empty, and a double close at shutdown. Only these exact cases are dropped; a missing Meridian
 * topic or an unreachable broker still warns.
 */
public final class BenignWarnings extends TurboFilter {
    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private static final String QUORUM_CONTROLLER = "org.apache.kafka.controller.QuorumController";
    private static final Pattern TOPIC_ERRORS = Pattern.compile("recoverable issue with correlation id \\d+ : \\{(.*)}");
    private static final Pattern INTERNAL_NOT_YET_CREATED =
            Pattern.compile("[^=,\\s]+-(repartition|changelog)=UNKNOWN_TOPIC_OR_PARTITION");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        if (!name.equals(NETWORK_CLIENT) && !name.equals(QUORUM_CONTROLLER)) {
            return FilterReply.NEUTRAL;
        }
        return benign(name, MessageFormatter.arrayFormat(format, params).getMessage()) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean benign(String logger, String message) {
        if (logger.equals(QUORUM_CONTROLLER)) {
            return message.contains("The metadata log appears to be empty");
        }
        if (message.contains("Attempting to close NetworkClient that has already been closed")) {
            return true;
        }
        Matcher errors = TOPIC_ERRORS.matcher(message);
        if (!errors.find()) {
            return false;
        }
        for (String topicError : errors.group(1).split(",\\s*")) {
            if (!INTERNAL_NOT_YET_CREATED.matcher(topicError).matches()) {
                return false;
            }
        }
        return true;
    }
}
