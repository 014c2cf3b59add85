package io.meserp.hub.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.meserp.hub.exceptions.ActionRefused;
import io.meserp.hub.exceptions.InvalidPayload;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused support actions answer with their status and a message that says why (and every schema violation). */
@RestControllerAdvice(basePackageClasses = OpsErrors.class)
class OpsErrors {

    @ExceptionHandler(ActionRefused.class)
    ResponseEntity<Map<String, Object>> refused(ActionRefused e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status().value());
        body.put("error", e.getMessage());
        if (e instanceof InvalidPayload invalid) {
            body.put("violations", invalid.violations());
        }
        return ResponseEntity.status(e.status()).body(body);
    }
}
