package io.meridian.query.testing;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds FileRecords and Silos as the classifier and config loader would publish them. */
public final class Records {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Records() {
    }

    /** A file with one present instance per silo and the given user tags. */
    public static FileRecord file(String path, long size, Map<String, String> tags, String... silos) {
        List<Instance> instances = new ArrayList<>();
        for (String silo : silos) {
            instances.add(Instance.newBuilder().setSilo(silo).setSize(size).setMtime(T0).setState(InstanceState.PRESENT)
                    .setSequencer("0000000000000001-0").setUpdatedAt(T0).setCrc32c(42L).build());
        }
        Map<String, Tag> tagMap = new HashMap<>();
        tags.forEach((k, v) -> tagMap.put(k, Tag.newBuilder().setValue(v).setSetBy("test").setSetAt(T0).build()));
        return FileRecord.newBuilder().setPath(path).setInstances(instances).setTags(tagMap).setVersion(1)
                .setUpdatedAt(T0).build();
    }

    public static Silo posixSilo(String id, String root, String site, Tier tier, long capacity) {
        return Silo.newBuilder().setId(id).setKind(SiloKind.POSIX).setMount("/datasets").setSite(site).setTier(tier)
                .setRoot(root).setCapacityBytes(capacity).build();
    }

    public static SiloUsage usage(String silo, long used, long files) {
        return SiloUsage.newBuilder().setSilo(silo).setUsedBytes(used).setFileCount(files).setUpdatedAt(T0).build();
    }
}
