package io.meserp.hub.release;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.erp.ErpRetryableException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an ERP pushes business events (CloudEvents JSON): S/4's {@code sap.s4.beh.productionorder.v1.ProductionOrder.Released.v1}
 * or {@code ...Changed.v1} with {@code data.ManufacturingOrder}, or from any ERP the hub has a connector for, an event
 * whose {@code source} is {@code erp://<connector>} with {@code data.order} (type e.g.
 * {@code io.meserp.erp.production-order.changed.v1}). The hub reads that order through the connector and evaluates it
 * as the poller would; the same version is published once, whichever comes first.
 */
@RestController
@RequestMapping("/api/erp/events")
class ErpEventController {

    private final ProducerTemplate camel;

    ErpEventController(ProducerTemplate camel) {
        this.camel = camel;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> receive(@RequestBody JsonNode event) {
        String type = event.path("type").asText("");
        String source = event.path("source").asText("");
        String connector = source.startsWith("erp://") ? source.substring("erp://".length()) : "";
        String order = event.path("data").path(connector.isEmpty() ? "ManufacturingOrder" : "order").asText("");
        if (!(type.contains("ProductionOrder.") || type.contains("production-order")) || order.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "expected a production order event: S/4's (type"
                    + " …ProductionOrder.Released.v1 or …Changed.v1) with data.ManufacturingOrder, or one with source"
                    + " erp://<connector>, a type naming production-order and data.order"));
        }
        try {
            String outcome = camel.requestBodyAndHeader("direct:order-release-push", order, OrderRelease.CONNECTOR,
                    connector, String.class);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("order", order, "outcome", outcome));
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", cause.getMessage()));
            }
            if (cause instanceof ErpRetryableException) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error",
                        "the ERP cannot be read now; send the event again later: " + cause.getMessage()));
            }
            throw e;
        }
    }
}
