package io.meridian.config;

import io.meridian.schemas.Silo;
import io.meridian.schemas.Tier;
import java.util.Map;

/**
 * What a policy's {@code place} selector can name of a silo: its id, site, tier and labels. The
 * config loader takes them from the config's silos; {@code meridian policy apply} and
 * {@code POST /v1/policies} from {@code meridian.silos}, the view placement itself uses.
 */
public record SiloFacts(String id, String site, Tier tier, Map<String, String> labels) {
    public SiloFacts {
        labels = Map.copyOf(labels);
    }

    public static SiloFacts of(SiloConfig silo) {
        return new SiloFacts(silo.id(), silo.site(), silo.tier(), silo.labels());
    }

    /** The facts of a silo as published on {@code meridian.silos}. */
    public static SiloFacts of(Silo silo) {
        return new SiloFacts(silo.getId(), silo.getSite(), silo.getTier(), silo.getLabels() == null ? Map.of() : silo.getLabels());
    }
}
