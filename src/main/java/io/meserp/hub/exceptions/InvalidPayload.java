package io.meserp.hub.exceptions;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A payload that fails its schema, with every violation. */
public class InvalidPayload extends ActionRefused {
    private final List<String> violations;

    InvalidPayload(List<String> violations) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, "payload fails its schema: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
