package io.meserp.hub.erp;

/**
 * The ERP answered a posting with an internal error (HTTP 500 or a SOAP Server fault) rather than being unreachable,
 * overloaded or slow. Retried like any ambiguous answer; when it keeps happening to one event while the ERP books
 * others, the event is a poison message.
 */
public class ErpServerErrorException extends ErpAmbiguousException {

    public ErpServerErrorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The ERP answered (with an error): it is done with the request, whatever it booked. */
    @Override
    public boolean mayStillBeProcessing() {
        return false;
    }
}
