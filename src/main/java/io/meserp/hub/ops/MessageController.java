package io.meserp.hub.ops;

import java.time.OffsetDateTime;

import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerSearch;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Messages (events) the hub handled, searchable by plant, workflow, status, order and time received, paged. */
@RestController
@RequestMapping("/api/messages")
class MessageController {

    private final LedgerSearch search;
    private final Ledger ledger;

    MessageController(LedgerSearch search, Ledger ledger) {
        this.search = search;
        this.ledger = ledger;
    }

    @GetMapping
    LedgerSearch.MessagePage search(@RequestParam(required = false) String plant, @RequestParam(required = false) String flow,
            @RequestParam(required = false) String status, @RequestParam(required = false) String order,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return search.search(new LedgerSearch.MessageQuery(plant, flow, status == null ? null : status.toUpperCase(), order, from,
                to), Paging.page(page), Paging.size(size));
    }

    @GetMapping("/{eventId}")
    ResponseEntity<EventRecord> get(@PathVariable String eventId) {
        return ResponseEntity.of(ledger.find(eventId));
    }
}
