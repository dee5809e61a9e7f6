package io.meridian.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, summed by kind (stream threads, broker, producer I/O, bench, other;
 * "unattributed" is the rest of the process, which no live thread accounts for: GC, JIT, native threads
 * such as RocksDB's, and threads that ended):
 * unlike a rate, barely moved by a loaded machine, and it says which part to make cheaper.
 */
final class ThreadCpu {
    private final Map<String, Long> before = byGroup();

    /** A line "LABEL: CPU per UNIT (us): group=x ..." of the CPU spent since this was created, per {@code count}. */
    String perUnit(String label, String unit, long count) {
        StringBuilder line = new StringBuilder(label + ": CPU per " + unit + " (us):");
        byGroup().forEach((group, nanos) -> line.append(String.format(" %s=%.1f", group,
                (nanos - before.getOrDefault(group, 0L)) / 1e3 / count)));
        return line.toString();
    }

    /** CPU per {@code unit} since this was created, in microseconds: of one group, or of the whole process for "all". */
    double microsPerUnit(String group, long count) {
        Map<String, Long> now = byGroup();
        long nanos = group.equals("all")
                ? now.values().stream().mapToLong(Long::longValue).sum() - before.values().stream().mapToLong(Long::longValue).sum()
                : now.getOrDefault(group, 0L) - before.getOrDefault(group, 0L);
        return nanos / 1e3 / count;
    }

    /**
     * CPU time so far of the stream threads (global one included) of every instance of the Streams app
     * {@code applicationId} in this JVM, in ns: threads are named after the client id, which Streams
     * makes from the application id unless {@code client.id} is set.
     */
    static long streamThreadNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(applicationId + "-") && info.getThreadName().contains("StreamThread")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static Map<String, Long> byGroup() {
        Map<String, Long> total = byThreadGroup();
        long threads = total.values().stream().mapToLong(Long::longValue).sum();
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        total.put("unattributed", Math.max(0, process - threads));
        return total;
    }

    private static Map<String, Long> byThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> total = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.contains("StreamThread") ? "stream" : name.contains("producer-network") ? "producer-io"
                    : name.startsWith("data-plane") || name.contains("kafka") || name.contains("Txn") ? "broker"
                    : name.startsWith("main") || name.startsWith("bench") ? "bench" : "other";
            total.merge(group, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
        }
        return total;
    }
}
