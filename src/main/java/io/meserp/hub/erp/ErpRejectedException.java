package io.meserp.hub.erp;

/** The ERP answered and refused the request (a 4xx other than auth, throttling or CSRF): retrying cannot fix it. */
public class ErpRejectedException extends ErpException {

    private final int status;

    public ErpRejectedException(int status, String message) {
        super(message, null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
