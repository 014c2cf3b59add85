package io.meserp.hub.exceptions;

import org.springframework.http.HttpStatus;

/** An action that cannot be done, with the HTTP status that says why. */
public class ActionRefused extends RuntimeException {
    private final HttpStatus status;

    public ActionRefused(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
