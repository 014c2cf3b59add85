package io.meserp.hub.erp;

/** A call to the ERP that did not succeed. Subclasses say whether retrying can help. */
public abstract class ErpException extends RuntimeException {

    protected ErpException(String message, Throwable cause) {
        super(message, cause);
    }
}
