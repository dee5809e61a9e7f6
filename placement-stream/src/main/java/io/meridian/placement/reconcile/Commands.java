package io.meridian.placement.reconcile;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.Precondition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns an {@link Action} into a MoveCommand. The id is a hash of (op, path, source, target,
 * source version), where the source version is the source instance's sequencer: re-planning the
 * same step for an unchanged source gives the same id (invariant 3), a changed source a new one.
 * The precondition carries what the source looked like when planned.
 */
public final class Commands {
    /** MessageDigest.getInstance looks the provider up each time; one digest per stream thread instead. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private Commands() {
    }

    public static MoveCommand of(Action action, FileRecord record, long now, long leaseMillis) {
        Instance source = VerifiedCopies.instanceOn(record, action.source());
        if (source == null) {
            throw new IllegalArgumentException("no instance of " + record.getPath() + " on " + action.source());
        }
        Precondition expected = Precondition.newBuilder()
                .setSize(source.getSize())
                .setMtime(source.getMtime())
                .setEtag(source.getEtag())
                .setCrc32c(source.getCrc32c())
                .setRecordVersion(record.getVersion())
                .build();
        return MoveCommand.newBuilder()
                .setCommandId(id(action.op().name(), record.getPath(), action.source(), action.target(), source.getSequencer()))
                .setPath(record.getPath())
                .setOp(action.op())
                .setSourceSilo(action.source())
                .setTargetSilo(action.target())
                .setExpected(expected)
                .setReason(action.reason())
                .setPriority(action.priority())
                .setDeadline(action.deadline() == null ? null : Instant.ofEpochMilli(action.deadline()))
                .setAttempt(1)
                .setIssuedAt(Instant.ofEpochMilli(now))
                .setLeaseMillis(leaseMillis)
                .build();
    }

    /** Deterministic command id: the first 128 bits of SHA-256 over the fields, NUL-separated. */
    public static String id(String op, String path, String source, String target, String sourceVersion) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        for (String part : new String[] {op, path, source, target == null ? "" : target, sourceVersion}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
