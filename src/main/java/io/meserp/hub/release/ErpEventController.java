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
 * Where the ERP pushes business events (CloudEvents JSON), e.g. {@code sap.s4.beh.productionorder.v1.ProductionOrder.Released.v1}
 * or {@code ...Changed.v1} with {@code data.ManufacturingOrder}. The hub reads that order from the ERP and
 * evaluates it as the poller would; the same version is published once, whichever comes first.
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
        String order = event.path("data").path("ManufacturingOrder").asText("");
        if (!type.contains("ProductionOrder.") || order.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "expected a production order event (type …ProductionOrder.Released.v1 or …Changed.v1) with data.ManufacturingOrder"));
        }
        try {
            String outcome = camel.requestBody("direct:order-release-push", order, String.class);
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
