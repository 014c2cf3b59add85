package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/**
 * An event about to enter the ledger: its id, flow, plant, order, where it came from, its JSON and the fingerprint of
 * its fact ({@link Facts}; null where there is nothing to compare, as for a replay).
 */
public record NewEvent(String eventId, String flow, String plant, String orderNo, String source, String payload,
        OffsetDateTime eventTime, String factHash) {

    public NewEvent(String eventId, String flow, String plant, String orderNo, String source, String payload,
            OffsetDateTime eventTime) {
        this(eventId, flow, plant, orderNo, source, payload, eventTime, null);
    }
}
