package io.meridian.bench;

/** One benchmark: Meridian's figure and a peer's, measured in the same run on the same data. */
interface Benchmark {
    String name();

    /** One line: what is measured, against which peer. */
    String description();

    /** Runs both sides and returns the report to append to RESULTS.md. */
    Report run(String[] args) throws Exception;
}
