package io.meserp.hub.erp.connector;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the hub may ask of an ERP. A connector offers some of them; a plant whose flow needs one its ERP's connector
 * does not offer is refused at start-up.
 */
public enum Capability {
    /** Book a production confirmation; find it by the event's idempotency key. */
    CONFIRMATION("confirmation"),
    /** Book a goods movement; find it by the event's idempotency key. */
    MOVEMENT("movement"),
    /** Open a quality notification for a failed inspection or a nonconformance; find it by the event's key. */
    QUALITY_NOTIFICATION("quality-notification"),
    /** Put an order on hold (a status the plant names); setting it twice must leave it unchanged. */
    ORDER_HOLD("order-hold"),
    /** Open a maintenance notification for a breakdown; find it by the event's key. */
    MAINTENANCE_NOTIFICATION("maintenance-notification"),
    /** Released orders changed after a watermark, oldest first (workflow W1 polls it). */
    RELEASED_ORDERS("released-orders"),
    /** One order as the ERP has it now (an ERP's push event, the scrap watch). */
    ORDER("order"),
    /** Orders of an ERP plant with confirmations posted on some days (reconciliation finds bookings the hub never sent). */
    BOOKED_ORDERS("booked-orders"),
    /** The confirmations the ERP holds for an order, read from the ERP itself (reconciliation). */
    CONFIRMATION_BOOKINGS("confirmation-bookings"),
    /** The goods movements the ERP holds for an order, read from the ERP itself (reconciliation). */
    MOVEMENT_BOOKINGS("movement-bookings"),
    /** Unrestricted stock of a material in an ERP plant (the release's availability check). */
    STOCK("stock");

    private final String key;

    Capability(String key) {
        this.key = key;
    }

    /** As connector.yaml writes it. */
    public String key() {
        return key;
    }

    public static Optional<Capability> of(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
