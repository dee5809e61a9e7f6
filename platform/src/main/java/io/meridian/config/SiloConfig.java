package io.meridian.config;

import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.Tier;
import java.util.Map;

/**
 * One configured silo. POSIX silos have a {@code root}; S3 silos an {@code endpoint} ({@code embedded}
 * for the local S3Proxy), a {@code bucket} and an optional {@code prefix}. Credentials are only ever a
 * reference ({@code env:NAME} reads NAME_ACCESS_KEY and NAME_SECRET_KEY, {@code file:PATH}).
 * {@link SiloWatchConfig} says how the watchers follow the silo.
 */
public record SiloConfig(
        String id,
        SiloKind kind,
        String root,
        String endpoint,
        String bucket,
        String prefix,
        String mount,
        String site,
        Tier tier,
        long capacityBytes,
        double storageCostPerGiBMonth,
        double egressCostPerGiB,
        double highWatermark,
        double lowWatermark,
        String credentials,
        Map<String, String> labels,
        SiloWatchConfig watch) {

    public static final double DEFAULT_HIGH_WATERMARK = 0.85;
    public static final double DEFAULT_LOW_WATERMARK = 0.70;

    public SiloConfig {
        labels = Map.copyOf(labels);
        watch = watch == null ? SiloWatchConfig.DEFAULTS : watch;
    }

    /** A silo watched with the watchers' defaults. */
    public SiloConfig(String id, SiloKind kind, String root, String endpoint, String bucket, String prefix, String mount,
                      String site, Tier tier, long capacityBytes, double storageCostPerGiBMonth, double egressCostPerGiB,
                      double highWatermark, double lowWatermark, String credentials, Map<String, String> labels) {
        this(id, kind, root, endpoint, bucket, prefix, mount, site, tier, capacityBytes, storageCostPerGiBMonth,
                egressCostPerGiB, highWatermark, lowWatermark, credentials, labels, SiloWatchConfig.DEFAULTS);
    }

    /** The silo as published on {@code meridian.silos}: the same facts, never a secret. */
    public Silo toAvro() {
        return Silo.newBuilder()
                .setId(id)
                .setKind(kind)
                .setMount(mount)
                .setSite(site)
                .setTier(tier)
                .setRoot(root)
                .setEndpoint(endpoint)
                .setBucket(bucket)
                .setPrefix(prefix)
                .setCredentialsRef(credentials)
                .setCapacityBytes(capacityBytes)
                .setStorageCostPerGiBMonth(storageCostPerGiBMonth)
                .setEgressCostPerGiB(egressCostPerGiB)
                .setHighWatermark(highWatermark)
                .setLowWatermark(lowWatermark)
                .setState(SiloState.ACTIVE)
                .setLabels(labels)
                .build();
    }
}
