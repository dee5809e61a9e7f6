package io.meridian.cli.place;

import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.SiloVerdict;
import io.meridian.placement.tracking.InFlight;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import java.io.PrintWriter;
import java.time.Instant;

/** Prints a plan for a human: one section per question an operator asks about a file. */
final class ExplainReport {
    private ExplainReport() {
    }

    static void print(PrintWriter out, FileRecord record, Plan plan, InFlight inFlight, StuckFile stuck) {
        out.println(record.getPath() + " (record version " + record.getVersion() + ")");
        out.println("Instances:");
        for (Instance i : record.getInstances()) {
            out.printf("  %-12s %-8s %d bytes, crc32c %s%n", i.getSilo(), i.getState(), i.getSize(),
                    i.getCrc32c() == null ? "unknown" : Long.toHexString(i.getCrc32c()));
        }
        out.println("Policies:");
        if (plan.policies().isEmpty()) {
            out.println("  none published");
        }
        plan.policies().forEach(p -> out.printf("  %-24s priority %-4d %s%n", p.name(), p.priority(), p.detail()));
        out.println("Desired: " + plan.desired() + "   actual: " + plan.actual());
        out.println("Silos considered:");
        for (SiloVerdict v : plan.verdicts()) {
            out.printf("  %-12s %s  %s%n", v.silo(), v.chosen() ? "chosen  " : "rejected", v.reason());
        }
        out.println("Pins: " + (plan.pinned().isEmpty() ? "none" : String.join(", ", plan.pinned())));
        out.println("Next: " + plan.note());
        if (inFlight != null && !inFlight.commands().isEmpty()) {
            inFlight.commands().forEach(c -> out.printf("In flight: %s %s %s -> %s (%s, attempt %d, %s until %s)%n",
                    c.commandId(), c.op(), c.source(), c.target() == null ? "-" : c.target(), c.reason(), c.attempt(),
                    c.state(), Instant.ofEpochMilli(c.dueAt())));
        } else {
            out.println("In flight: none");
        }
        if (stuck != null) {
            out.printf("STUCK since %s after %d attempts: %s%n", Instant.ofEpochMilli(stuck.since()), stuck.attempts(), stuck.reason());
        }
    }
}
