package io.meserp.hub.ops;

import io.meserp.hub.ledger.LedgerSearch;
import io.meserp.hub.ledger.OrderTrace;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where is order 1000123? Its timeline across the hub, from the ledger. */
@RestController
@RequestMapping("/api/orders")
class OrderTraceController {

    private final LedgerSearch ledger;

    OrderTraceController(LedgerSearch ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/{order}/trace")
    ResponseEntity<OrderTrace> trace(@PathVariable String order) {
        OrderTrace trace = ledger.trace(order);
        if (trace.timeline().isEmpty() && trace.exceptions().isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(trace);
    }
}
