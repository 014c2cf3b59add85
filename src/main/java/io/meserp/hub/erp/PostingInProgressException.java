package io.meserp.hub.erp;

import java.time.Duration;

/**
 * Another delivery of the same event is asking or posting to the ERP right now (a second copy of its message, a
 * redelivery racing the original after a restart). This one waits and tries again: by then the other has booked it,
 * or left it uncertain so that the ERP is asked first. Says nothing about the ERP's health.
 */
public class PostingInProgressException extends ErpRetryableException {

    public PostingInProgressException(String eventId, Duration claim) {
        super("event " + eventId + " is being posted by another delivery (its claim runs for up to " + claim.toSeconds()
                + " s); tried again once that is done", null, null);
    }

    @Override
    public boolean mayHaveBooked() {
        return false;
    }
}
