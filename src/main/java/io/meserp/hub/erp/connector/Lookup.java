package io.meserp.hub.erp.connector;

/**
 * How a connector finds what an earlier, uncertain attempt may have booked (docs/erp-connectors.md says what each
 * guarantees).
 */
public enum Lookup {
    /** The ERP stores the hub's event id (or a key made from it) on the document: found exactly, never twice. */
    KEY,
    /**
     * The ERP has no field for the hub's key: the connector looks for a document with the same facts (order, quantity,
     * date, ...). A booking is never made twice; two events with the very same facts in one look-up window are taken
     * as one when the first one's outcome was uncertain.
     */
    FACT,
    /**
     * No look-up: after an uncertain attempt the event becomes an exception for a person to check in the ERP, never a
     * second booking.
     */
    NONE
}
