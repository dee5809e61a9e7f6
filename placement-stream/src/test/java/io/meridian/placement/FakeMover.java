package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A test double of a mover plus the classifier's bookkeeping: applies a successful command to a
 * FileRecord the way the metadata table would show it (a COPY adds a verified instance on the
 * target, a MOVE also removes the source, a DELETE_INSTANCE removes the source) with version + 1.
 */
public final class FakeMover {
    private FakeMover() {
    }

    public static FileRecord apply(FileRecord record, MoveCommand command) {
        List<Instance> instances = new ArrayList<>();
        Instance source = null;
        for (Instance instance : record.getInstances()) {
            if (instance.getSilo().equals(command.getSourceSilo())) {
                source = instance;
            }
            boolean removed = instance.getSilo().equals(command.getSourceSilo()) && command.getOp() != MoveOp.COPY;
            boolean replaced = instance.getSilo().equals(command.getTargetSilo());
            if (!removed && !replaced) {
                instances.add(instance);
            }
        }
        if (command.getOp() != MoveOp.DELETE_INSTANCE && source != null) {
            instances.add(Instance.newBuilder(source).setSilo(command.getTargetSilo()).setState(InstanceState.PRESENT)
                    .setSequencer("0000000000000002-" + command.getTargetSilo()).setUpdatedAt(Instant.now()).build());
        }
        instances.sort(Comparator.comparing(Instance::getSilo));
        return FileRecord.newBuilder(record).setInstances(instances).setVersion(record.getVersion() + 1).build();
    }
}
