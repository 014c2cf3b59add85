package io.meserp.hub.plant;

/** Some rows of a file were refused; its good rows were queued. The file goes to error/ with its report. */
public class PartiallyRejectedFileException extends RuntimeException {

    public PartiallyRejectedFileException(String message) {
        super(message);
    }
}
