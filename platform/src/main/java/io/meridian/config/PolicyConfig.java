package io.meridian.config;

import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One objective from the {@code policies:} list; see DESIGN.md for the meaning of each field. */
public record PolicyConfig(
        String name,
        String when,
        List<String> silos,
        String site,
        Tier tier,
        Map<String, String> labels,
        int copies,
        boolean exclusive,
        int priority,
        Duration pin) {

    public static final int DEFAULT_COPIES = 1;
    public static final int DEFAULT_PRIORITY = 0;

    public PolicyConfig {
        silos = List.copyOf(silos);
        labels = Map.copyOf(labels);
    }

    /** The policy as published on {@code meridian.policies}. */
    public Policy toAvro(Instant appliedAt) {
        PlacementSelector place = PlacementSelector.newBuilder()
                .setSilos(silos)
                .setSite(site)
                .setTier(tier)
                .setLabels(labels)
                .build();
        return Policy.newBuilder()
                .setName(name)
                .setWhen(when)
                .setPlace(place)
                .setCopies(copies)
                .setExclusive(exclusive)
                .setPriority(priority)
                .setPinMillis(pin == null ? null : pin.toMillis())
                .setUpdatedAt(appliedAt)
                .build();
    }
}
