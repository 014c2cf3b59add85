package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/** One event as the ledger holds it. {@code erpUncertain}: a posting was sent whose outcome is unknown. */
public record EventRecord(String eventId, String flow, String plant, String orderNo, String source,
        EventStatus status, boolean erpUncertain, String erpDocument, int attempts, String lastError,
        OffsetDateTime eventTime, OffsetDateTime receivedAt, OffsetDateTime updatedAt, OffsetDateTime postedAt) {

    /** From the MES event time to the booking, in milliseconds; null until booked. */
    @com.fasterxml.jackson.annotation.JsonProperty("latencyMillis")
    public Long latencyMillis() {
        return postedAt == null || eventTime == null ? null : java.time.Duration.between(eventTime, postedAt).toMillis();
    }
}
