package io.meserp.hub.ledger;

/** Where an event stands. VALIDATED events are not yet safely in the broker; the rest are. */
public enum EventStatus {
    VALIDATED, QUEUED, POSTED, EXCEPTION
}
