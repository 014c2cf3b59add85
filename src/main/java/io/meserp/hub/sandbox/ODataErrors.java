package io.meserp.hub.sandbox;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** SAP Gateway-style OData V2 error bodies. */
final class ODataErrors {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSS");

    private ODataErrors() {
    }

    static Map<String, Object> body(String code, String message, String service) {
        return Map.of("error", Map.of(
                "code", code,
                "message", Map.of("lang", "en", "value", message),
                "innererror", Map.of(
                        "application", Map.of("component_id", "PP-SFC", "service_namespace", "/SAP/",
                                "service_id", service, "service_version", "0001"),
                        "transactionid", UUID.randomUUID().toString().replace("-", "").toUpperCase(),
                        "timestamp", LocalDateTime.now().format(STAMP),
                        "errordetails", java.util.List.of(Map.of("code", code, "message", message,
                                "propertyref", "", "severity", "error", "target", "")))));
    }

    static ResponseEntity<Object> response(HttpStatus status, String code, String message, String service) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(code, message, service));
    }

    /** A request the sandbox refuses, turned into an OData error by the controller. */
    static class ODataException extends RuntimeException {
        final HttpStatus status;
        final String code;

        ODataException(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
