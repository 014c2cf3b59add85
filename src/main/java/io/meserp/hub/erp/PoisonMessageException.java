package io.meserp.hub.erp;

/**
 * An event failed {@code hub.erp.poison.max-attempts} times while the ERP answered other postings: retrying it further
 * only holds up its order. The route's error policy moves its message to the dead-letter queue.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String eventId, int attempts, String lastError) {
        super("event " + eventId + " failed " + attempts + " times while the ERP booked other events; last error: "
                + lastError);
    }
}
