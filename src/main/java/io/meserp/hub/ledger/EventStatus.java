package io.meserp.hub.ledger;

/**
 * Where an event stands. VALIDATED events are not yet safely in the broker; the rest are, or are in the ledger for
 * good: HELD events wait in the ledger behind an earlier event of their order that is in the exception queue.
 * FORWARDED: on an edge hub, the event is on the queue its broker forwards to the central hub, which books it.
 */
public enum EventStatus {
    VALIDATED, QUEUED, POSTED, EXCEPTION, HELD, FORWARDED
}
