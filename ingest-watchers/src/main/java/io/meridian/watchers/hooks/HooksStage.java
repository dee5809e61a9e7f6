package io.meridian.watchers.hooks;

import io.meridian.http.HttpApi;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;

/**
 * The storage-hook endpoint of a process: registers {@code POST /v1/events} on the process's HTTP
 * server and owns the producer it publishes with. Events are validated against the config's silos
 * and their mounts.
 */
public final class HooksStage implements Stage {
    private final StageContext context;
    private final HttpApi http;
    private SchemaRegistry registry;
    private KafkaEventSink sink;

    public HooksStage(StageContext context, HttpApi http) {
        this.context = context;
        this.http = http;
    }

    @Override
    public String name() {
        return "storage hooks (POST " + EventsRoute.PATH + ")";
    }

    @Override
    public synchronized void start() {
        registry = context.registry().get();
        sink = KafkaEventSink.fileEvents(context.kafkaProperties(), registry);
        EventValidator validator = EventValidator.of(context.config().silos(), SequenceClock.system());
        EventsRoute.register(http, validator, sink);
    }

    @Override
    public synchronized void close() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                // nothing to release beyond the client's connections
            }
            registry = null;
        }
    }
}
