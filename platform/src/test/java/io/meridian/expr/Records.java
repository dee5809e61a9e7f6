package io.meridian.expr;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** FileRecords for condition tests. */
final class Records {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private Records() {
    }

    static Instance instance(String silo, long size, Instant mtime, Instant updatedAt, InstanceState state) {
        return Instance.newBuilder().setSilo(silo).setSize(size).setMtime(mtime).setUpdatedAt(updatedAt)
                .setState(state).setSequencer("0000000000000001-0").build();
    }

    static Instance present(String silo, long size, Instant mtime) {
        return instance(silo, size, mtime, mtime, InstanceState.PRESENT);
    }

    static FileRecord record(String path, List<Instance> instances, Map<String, String> tags, Map<String, String> autoTags,
                             String owner) {
        Map<String, Tag> own = new HashMap<>();
        tags.forEach((key, value) -> own.put(key, Tag.newBuilder().setValue(value).setSetBy("ana").setSetAt(NOW).build()));
        return FileRecord.newBuilder().setPath(path).setInstances(instances).setTags(own).setAutoTags(autoTags)
                .setFileType(FileType.FILE).setOwner(owner).setVersion(1).setUpdatedAt(NOW).build();
    }

    static FileRecord record(String path, Instance... instances) {
        return record(path, List.of(instances), Map.of(), Map.of(), null);
    }
}
