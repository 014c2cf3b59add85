package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/**
 * One event as the ledger holds it. {@code erpUncertain}: a posting was sent whose outcome is unknown.
 * {@code blocking}: it is in the exception queue and holds its order's later events; {@code heldBehind}: the event a
 * HELD event waits for.
 */
public record EventRecord(String eventId, String flow, String plant, String orderNo, String source,
        EventStatus status, boolean erpUncertain, String erpDocument, int attempts, String lastError,
        OffsetDateTime eventTime, OffsetDateTime receivedAt, OffsetDateTime updatedAt, OffsetDateTime postedAt,
        boolean blocking, String heldBehind, int poisonAttempts,
        @com.fasterxml.jackson.annotation.JsonIgnore String payload) {

    /** From the MES event time to the booking, in milliseconds; null until booked. */
    @com.fasterxml.jackson.annotation.JsonProperty("latencyMillis")
    public Long latencyMillis() {
        return postedAt == null || eventTime == null ? null : java.time.Duration.between(eventTime, postedAt).toMillis();
    }
}
