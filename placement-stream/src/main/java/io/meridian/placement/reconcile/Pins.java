package io.meridian.placement.reconcile;

import io.meridian.placement.policy.CompiledPolicy;
import io.meridian.placement.policy.SiloSelectors;
import io.meridian.placement.request.StagingNeed;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which instances of a file are pinned now (invariant 6: never evicted or moved away before the pin
 * ends). Pins are derived, not stored: an instance at the site of an active staging request that
 * selects the file is pinned until the request's pin-until; an instance placed by the winning
 * policy is pinned for the policy's {@code pin} after it was last updated. A pin ends by itself.
 */
public final class Pins {
    private Pins() {
    }

    /** Each pinned instance's silo, in instance order, with who pins it until when ("staging r1 until T"). */
    static Map<String, String> of(PlanInput input, CompiledPolicy winner) {
        Map<String, String> pins = new LinkedHashMap<>();
        for (Instance instance : input.record().getInstances()) {
            String owner = owner(input, winner, instance);
            if (owner != null) {
                pins.putIfAbsent(instance.getSilo(), owner);
            }
        }
        return pins;
    }

    /** True when the instance on {@code silo} must not be removed now. */
    public static boolean pinned(PlanInput input, CompiledPolicy winner, String silo) {
        return pin(input, winner, silo) != null;
    }

    /** Who pins the instance on {@code silo} and until when ("staging r1 until T"), or null when it is not pinned. */
    public static String pin(PlanInput input, CompiledPolicy winner, String silo) {
        Instance instance = VerifiedCopies.instanceOn(input.record(), silo);
        return instance == null ? null : owner(input, winner, instance);
    }

    private static String owner(PlanInput input, CompiledPolicy winner, Instance instance) {
        Silo silo = input.silos().get(instance.getSilo());
        if (silo == null || instance.getState() != InstanceState.PRESENT) {
            return null;
        }
        for (StagingNeed need : input.staging()) {
            if (need.pinUntil() > input.now() && atSite(silo, need)) {
                return "staging " + need.requestId() + " until " + java.time.Instant.ofEpochMilli(need.pinUntil());
            }
        }
        if (winner != null && winner.policy().getPinMillis() != null
                && SiloSelectors.mismatch(winner.policy().getPlace(), silo) == null) {
            long until = instance.getUpdatedAt().toEpochMilli() + winner.policy().getPinMillis();
            if (until > input.now()) {
                return "policy " + winner.name() + " until " + java.time.Instant.ofEpochMilli(until);
            }
        }
        return null;
    }

    static boolean atSite(Silo silo, StagingNeed need) {
        return need.metAt(silo);
    }
}
