package io.meserp.hub.erp;

/** The request was sent and no clear answer came back (timeout, reset, 5xx): the ERP may have booked it. */
public class ErpAmbiguousException extends ErpRetryableException {

    public ErpAmbiguousException(String message, Throwable cause) {
        super(message, null, cause);
    }

    @Override
    public boolean mayHaveBooked() {
        return true;
    }
}
