package io.meridian.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * The deserialization and production exception handler of every Meridian Streams app: a record
 * that does not parse, or a result that cannot be serialized, goes to {@code meridian.dead-letters}
 * with the reason, and the app continues. Anything else (a registry outage, a broker failure) is not
 * the record's fault and fails, so that the app retries rather than throw good data away.
 * Configure with {@link #configure(Properties, String)}.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProductionExceptionHandler {
    /** Streams config naming the stage in the dead letters' headers. */
    public static final String STAGE_CONFIG = "meridian.stage";

    private final Properties kafka = new Properties();
    private String stage;
    private DeadLetters deadLetters;

    /** Sets this class as both handlers of a Streams app named {@code stage}. */
    public static Properties configure(Properties streams, String stage) {
        streams.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        streams.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        streams.put(STAGE_CONFIG, stage);
        return streams;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        configs.forEach((k, v) -> {
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                kafka.put(k, v);
            }
        });
        Object configured = configs.get(STAGE_CONFIG);
        this.stage = configured == null ? String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)) : configured.toString();
    }

    /** Streams makes a handler per thread and task; only the few that meet a bad record need a producer. */
    private synchronized DeadLetters deadLetters() {
        if (deadLetters == null) {
            deadLetters = new DeadLetters(kafka, stage);
        }
        return deadLetters;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        if (!(exception instanceof SerializationException) && !(exception.getCause() instanceof SerializationException)) {
            return DeserializationHandlerResponse.FAIL;
        }
        deadLetters().send(record.key(), record.value(), record.headers(), record.topic(), record.partition(), record.offset(), exception);
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context, ProducerRecord record,
                                                                           Exception exception, SerializationExceptionOrigin origin) {
        deadLetters().send(context.sourceRawKey(), context.sourceRawValue(), context.headers(), context.topic(),
                context.partition(), context.offset(), exception);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        return ProductionExceptionHandlerResponse.FAIL; // broker-side failures are not the record's fault
    }
}
