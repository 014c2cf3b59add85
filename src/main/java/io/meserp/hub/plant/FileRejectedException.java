package io.meserp.hub.plant;

/** A plant file refused as a whole (too large, unreadable, hostile XML, no mapping); nothing of it was sent. */
public class FileRejectedException extends RuntimeException {

    public FileRejectedException(String reason) {
        super(reason);
    }

    public FileRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
