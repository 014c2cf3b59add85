package io.meserp.hub.event;

/** An event that does not match its schema; retrying cannot fix it. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
