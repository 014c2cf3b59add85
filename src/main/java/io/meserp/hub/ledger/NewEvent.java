package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/** An event about to enter the ledger: its id, flow, plant, order, where it came from and its JSON. */
public record NewEvent(String eventId, String flow, String plant, String orderNo, String source, String payload,
        OffsetDateTime eventTime) {
}
