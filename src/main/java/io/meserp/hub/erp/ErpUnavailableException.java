package io.meserp.hub.erp;

import java.time.Duration;

/** The request did not reach the ERP or the ERP did not process it (refused connection, 503, 429, breaker open). */
public class ErpUnavailableException extends ErpRetryableException {

    public ErpUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }

    public ErpUnavailableException(String message) {
        this(message, null, null);
    }

    @Override
    public boolean mayHaveBooked() {
        return false;
    }
}
