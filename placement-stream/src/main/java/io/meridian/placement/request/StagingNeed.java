package io.meridian.placement.request;

import io.meridian.schemas.Silo;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tier;

/**
 * What one staging request needs of one file: an instance at {@code site} (of {@code tier} when
 * given) by {@code deadline}, kept there until {@code pinUntil}.
 */
public record StagingNeed(String requestId, String site, Tier tier, long deadline, long pinUntil, int priority) {

    public static StagingNeed of(StagingRequest request) {
        return new StagingNeed(request.getRequestId(), request.getSite(), request.getTier(),
                request.getDeadline().toEpochMilli(), request.getPinUntil().toEpochMilli(), request.getPriority());
    }

    /** Whether {@code silo} is a place this need is met at: its site, and its tier when the request names one. */
    public boolean metAt(Silo silo) {
        return silo.getSite().equals(site) && (tier == null || tier == silo.getTier());
    }
}
