package io.meridian.movers;

import io.meridian.schemas.MoveStatus;

/**
 * What executing one command came to, before it is reported.
 *
 * @param status     the result status
 * @param bytes      bytes copied (0 when nothing was copied)
 * @param crc32c     CRC32C of the verified target content, null when there is none
 * @param errorClass failure class for SOURCE_CHANGED and FAILED, else null
 * @param message    detail for humans, null on plain success
 * @param sourceCrc32c CRC32C of the source version the command expected, when the mover established it
 *                   for a target found ALREADY_PRESENT (the view may not know it); else null
 */
record MoveOutcome(MoveStatus status, long bytes, Long crc32c, String errorClass, String message, Long sourceCrc32c) {
    MoveOutcome(MoveStatus status, long bytes, Long crc32c, String errorClass, String message) {
        this(status, bytes, crc32c, errorClass, message, null);
    }

    static MoveOutcome of(MoveFailure failure) {
        MoveStatus status = MoveFailure.SOURCE_CHANGED.equals(failure.errorClass()) ? MoveStatus.SOURCE_CHANGED : MoveStatus.FAILED;
        return new MoveOutcome(status, 0, null, failure.errorClass(), failure.getMessage());
    }
}
