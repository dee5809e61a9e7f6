package io.meridian.cli.ops;

import io.meridian.query.store.MetadataMaterializer;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.util.List;

/**
 * The operations of a process that serves HTTP: one {@link Publisher} and one registry client for
 * every request, reading from the query store that the same process runs (whose stuck files its
 * {@link StuckReader} keeps). Started before the HTTP
 * server, closed with the process; a request before {@link #start} is refused.
 */
public final class OperationsStage implements Stage {
    private final StageContext context;
    private final MetadataMaterializer store;
    private final StuckReader stuck;
    private volatile Operations operations;

    /** Over the query store among {@code stages} (the process's {@code QueryStages}). */
    public OperationsStage(StageContext context, List<Stage> stages) {
        this.context = context;
        this.store = stages.stream().filter(MetadataMaterializer.class::isInstance).map(MetadataMaterializer.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the operator routes need the query store"));
        this.stuck = new StuckReader(context, store.store());
    }

    @Override
    public String name() {
        return "operations";
    }

    @Override
    public synchronized void start() {
        Publisher publisher = new Publisher(context.kafkaProperties());
        publisher.start();
        stuck.start();
        operations = Operations.owning(publisher, new StoreView(store, stuck), context.registry().get());
    }

    /** The operations requests run; IllegalStateException before start or after close. */
    public Operations operations() {
        Operations current = operations;
        if (current == null) {
            throw new IllegalStateException("operations are not running");
        }
        return current;
    }

    @Override
    public synchronized void close() {
        Operations running = operations;
        operations = null;
        if (running != null) {
            running.close();
        }
        stuck.close();
    }
}
