package io.meserp.hub.ops;

import java.security.Principal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import io.meserp.hub.reconciliation.Reconciliation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliation runs and their reports; operators start one on demand for a shift or any span. */
@RestController
@RequestMapping("/api/reconciliation")
class ReconciliationController {

    private final Reconciliation reconciliation;

    ReconciliationController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GetMapping
    List<Reconciliation.Run> runs(@RequestParam(required = false) String plant,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return reconciliation.runs(plant, Paging.page(page), Paging.size(size));
    }

    /** The newest finished run of each plant. */
    @GetMapping("/latest")
    List<Reconciliation.Run> latest() {
        return reconciliation.latest();
    }

    @GetMapping("/{id}")
    ResponseEntity<Reconciliation.Report> report(@PathVariable long id) {
        return ResponseEntity.of(reconciliation.report(id));
    }

    /** What to reconcile: a plant with a shift and its day, or with a span ({@code from}, {@code to}). */
    record Request(String plant, String shift, LocalDate date, OffsetDateTime from, OffsetDateTime to) {
    }

    @PostMapping
    ResponseEntity<Reconciliation.Report> run(@RequestBody Request request, Principal user) {
        if (request.plant() == null) {
            throw new IllegalArgumentException("plant is required");
        }
        Reconciliation.Report report;
        if (request.shift() != null) {
            if (request.date() == null) {
                throw new IllegalArgumentException("a shift needs its date (the day it starts)");
            }
            report = reconciliation.runShift(request.plant(), request.shift(), request.date(), user.getName());
        } else if (request.from() != null && request.to() != null) {
            report = reconciliation.runWindow(request.plant(), request.from(), request.to(), user.getName());
        } else {
            throw new IllegalArgumentException("give shift and date, or from and to");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(report);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<java.util.Map<String, Object>> bad(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(java.util.Map.of("status", 400, "error", e.getMessage()));
    }
}
