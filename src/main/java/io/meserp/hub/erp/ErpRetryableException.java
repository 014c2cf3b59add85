package io.meserp.hub.erp;

import java.time.Duration;

/** A failure that retrying may cure: the ERP is down, slow, throttling, or failed inside. */
public abstract class ErpRetryableException extends ErpException {

    private final Duration retryAfter;

    protected ErpRetryableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** True when the ERP may have booked the request although the hub never heard so. */
    public abstract boolean mayHaveBooked();

    /**
     * True when the ERP may still be working on the request (the hub stopped waiting, the connection broke): a look-up
     * now could miss a booking that commits a moment later, so the next attempt waits {@code hub.erp.settle-time}.
     */
    public boolean mayStillBeProcessing() {
        return mayHaveBooked();
    }

    /** How long the ERP asked the hub to wait (429 Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
