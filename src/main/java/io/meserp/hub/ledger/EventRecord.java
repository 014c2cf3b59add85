package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/** One event as the ledger holds it. {@code erpUncertain}: a posting was sent whose outcome is unknown. */
public record EventRecord(String eventId, String flow, String plant, String orderNo, String source,
        EventStatus status, boolean erpUncertain, String erpDocument, int attempts, String lastError,
        OffsetDateTime eventTime, OffsetDateTime receivedAt, OffsetDateTime updatedAt) {
}
