package io.meridian.placement.policy;

import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Silo;
import java.util.Map;

/** Whether a silo is one a policy's {@code place} selects; empty selector fields match every silo. */
public final class SiloSelectors {
    private SiloSelectors() {
    }

    /** Null when the silo is selected, else the first field that excludes it, for explanations. */
    public static String mismatch(PlacementSelector place, Silo silo) {
        if (!place.getSilos().isEmpty() && !place.getSilos().contains(silo.getId())) {
            return "not in place.silos " + place.getSilos();
        }
        if (place.getSite() != null && !place.getSite().equals(silo.getSite())) {
            return "site " + silo.getSite() + " is not " + place.getSite();
        }
        if (place.getTier() != null && place.getTier() != silo.getTier()) {
            return "tier " + silo.getTier() + " is not " + place.getTier();
        }
        for (Map.Entry<String, String> label : place.getLabels().entrySet()) {
            if (!label.getValue().equals(silo.getLabels().get(label.getKey()))) {
                return "label " + label.getKey() + "=" + label.getValue() + " missing";
            }
        }
        return null;
    }
}
