package io.meridian.query.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many pull queries may run at once, in all and per caller (a bearer token's role, so one per
 * token). A permit is held until the query's thread has really stopped, not until its caller got an
 * answer, so a client that times out and retries cannot pile up queries that still burn CPU.
 */
final class QueryAdmission {
    private final int maxRunning;
    private final int maxPerCaller;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();

    QueryAdmission(int maxRunning, int maxPerCaller) {
        this.maxRunning = maxRunning;
        this.maxPerCaller = maxPerCaller;
    }

    /** One query's permit; close it once, when the query's thread has stopped. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** A permit for a query of {@code caller}, or {@link QueryRejectedException} when a bound is reached. */
    Permit acquire(String caller) {
        AtomicInteger mine = perCaller.computeIfAbsent(caller, c -> new AtomicInteger());
        if (!tryIncrement(mine, maxPerCaller)) {
            throw new QueryRejectedException(maxPerCaller + " queries of this caller are running, the most allowed;"
                    + " wait for one to finish (a query stops at its time limit at the latest)");
        }
        if (!tryIncrement(running, maxRunning)) {
            mine.decrementAndGet();
            throw new QueryRejectedException(maxRunning + " queries are running on this server, the most allowed;"
                    + " try again shortly");
        }
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.getAndIncrement() == 0) {
                mine.decrementAndGet();
                running.decrementAndGet();
            }
        };
    }

    /** Queries running now, their threads included when their callers were answered already. */
    int running() {
        return running.get();
    }

    private static boolean tryIncrement(AtomicInteger counter, int max) {
        while (true) {
            int now = counter.get();
            if (now >= max) {
                return false;
            }
            if (counter.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
