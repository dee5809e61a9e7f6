package io.meridian.bench;

import java.util.List;

/** Entry point of {@code bench/run}: runs one benchmark by name and prints its Markdown report. */
public final class BenchMain {
    private static final List<Benchmark> BENCHMARKS = List.of(new AvroProduceBench(), new ClassifierBench(), new QueryBench(), new QueryScaleBench(),
            new PosixScanBench(), new MoverLargeBench(), new MoverSmallBench(), new MoverS3Bench(),
            new PlacementLatencyBench(), new HostileBench(), new ConvergenceBench(), new CliBench(),
            new ScaleBench());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        io.meridian.http.HttpServerLimits.install(); // as meridian's main: before the first JDK HTTP server (the registry's)
        if (args.length == 0 || args[0].equals("--list")) {
            BENCHMARKS.forEach(b -> System.out.printf("%-16s %s%n", b.name(), b.description()));
            return;
        }
        Benchmark benchmark = BENCHMARKS.stream().filter(b -> b.name().equals(args[0])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no benchmark '" + args[0] + "'; bench/run --list names them"));
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        System.out.print(benchmark.run(rest).markdown());
        System.exit(0); // embedded broker threads must not keep the JVM alive
    }
}
