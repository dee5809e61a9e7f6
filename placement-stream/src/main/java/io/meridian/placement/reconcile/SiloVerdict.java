package io.meridian.placement.reconcile;

/**
 * Why a silo was chosen or rejected as a place for a file, for {@code meridian explain}.
 *
 * @param silo   silo id
 * @param chosen whether it is one of the desired places
 * @param reason a short sentence
 */
public record SiloVerdict(String silo, boolean chosen, String reason) {
}
