package io.meserp.hub.sandbox;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API of the ERP sandbox (hub role admin): faults on and off, CSRF tokens, test data (docs/sandbox.md). */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/admin")
class SandboxAdminController {

    private final SandboxFaults faults;
    private final SandboxGate gate;
    private final SandboxStore store;
    private final SandboxQmsController qms;

    private final org.springframework.transaction.support.TransactionTemplate transaction;

    SandboxAdminController(SandboxFaults faults, SandboxGate gate, SandboxStore store, SandboxQmsController qms,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.faults = faults;
        this.gate = gate;
        this.store = store;
        this.qms = qms;
    }

    @GetMapping("/faults")
    SandboxFaults.Settings faults() {
        return faults.get();
    }

    /** Replaces the fault settings; fields left out are off. */
    @PutMapping("/faults")
    SandboxFaults.Settings setFaults(@RequestBody SandboxFaults.Settings settings) {
        return faults.set(settings);
    }

    @DeleteMapping("/faults")
    SandboxFaults.Settings clearFaults() {
        faults.reset();
        return faults.get();
    }

    /** Every session must fetch a new CSRF token (as after an ERP restart). */
    @DeleteMapping("/csrf-tokens")
    ResponseEntity<Void> invalidateTokens() {
        gate.invalidateTokens();
        return ResponseEntity.noContent().build();
    }

    /** Removes all booked confirmations (test isolation). */
    @DeleteMapping("/confirmations")
    Map<String, Integer> deleteConfirmations() {
        return Map.of("deleted", store.deleteConfirmations());
    }

    /** Removes one confirmation (reconciliation tests: a booking lost in the ERP). */
    @DeleteMapping("/confirmations/{group}/{count}")
    ResponseEntity<Map<String, Integer>> deleteConfirmation(@PathVariable String group, @PathVariable String count) {
        int deleted = store.deleteConfirmation(group, count);
        return deleted == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("deleted", deleted));
    }

    /** Changes one confirmation's yield (reconciliation tests: corrected in the ERP by hand). */
    @PatchMapping("/confirmations/{group}/{count}")
    ResponseEntity<Map<String, Integer>> changeConfirmation(@PathVariable String group, @PathVariable String count,
            @RequestBody Map<String, java.math.BigDecimal> change) {
        if (change.get("yield") == null) {
            throw new IllegalArgumentException("give the new yield as {\"yield\": 12.5}");
        }
        int changed = store.changeConfirmationYield(group, count, change.get("yield"));
        return changed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("changed", changed));
    }

    /** Removes quality notifications, order user statuses and the QMS's cases and messages. */
    @DeleteMapping("/quality")
    Map<String, Integer> deleteQuality() {
        return Map.of("deleted", store.deleteQuality());
    }

    /** Takes the sandbox quality platform (QMS) down or brings it back: {"down": true}. */
    @PutMapping("/qms")
    Map<String, Boolean> qms(@RequestBody Map<String, Boolean> state) {
        qms.down(Boolean.TRUE.equals(state.get("down")));
        return Map.of("down", qms.isDown());
    }

    /** Removes all maintenance notifications. */
    @DeleteMapping("/maintenance-notifications")
    Map<String, Integer> deleteNotifications() {
        return Map.of("deleted", store.deleteNotifications());
    }

    /** Removes all material documents (stock stays as they left it). */
    @DeleteMapping("/material-documents")
    Map<String, Integer> deleteMaterialDocuments() {
        return Map.of("deleted", store.deleteMaterialDocuments());
    }

    /**
     * Adds a production order with operations, e.g. for a new plant: in one transaction, as an ERP does, so a poll never
     * reads the order without its operations.
     */
    @PostMapping("/orders")
    ResponseEntity<Map<String, String>> createOrder(@RequestBody SandboxSeeder.OrderSpec order) {
        transaction.executeWithoutResult(status -> new SandboxSeeder(store).order(order));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("ManufacturingOrder", order.order()));
    }

    /** Changes an order's quantity, dates or release, as a planner would in the ERP; stamps it changed. */
    @PatchMapping("/orders/{order}")
    ResponseEntity<Map<String, String>> changeOrder(@PathVariable String order, @RequestBody OrderChange change) {
        store.order(order).orElseThrow(() -> new IllegalArgumentException("order " + order + " does not exist"));
        store.changeOrder(order, change.quantity(), change.plannedStart(), change.plannedEnd(), change.released());
        return ResponseEntity.ok(Map.of("ManufacturingOrder", order,
                "LastChangeDateTime", (String) store.order(order).orElseThrow().get("last_change")));
    }

    record OrderChange(java.math.BigDecimal quantity, java.time.LocalDateTime plannedStart,
            java.time.LocalDateTime plannedEnd, Boolean released) {
    }

    /** Sets the unrestricted stock of a material (storage location default 0001, no batch). */
    @PutMapping("/stock")
    Map<String, Object> setStock(@RequestBody StockLevel level) {
        if (level.material() == null || level.plant() == null || level.quantity() == null || level.unit() == null) {
            throw new IllegalArgumentException("material, plant, quantity and unit are required");
        }
        store.setStock(level.material(), level.plant(), level.storageLocation() == null ? "0001" : level.storageLocation(),
                level.batch() == null ? "" : level.batch(), level.quantity(), level.unit());
        return Map.of("material", level.material(), "plant", level.plant(), "quantity", level.quantity());
    }

    record StockLevel(String material, String plant, String storageLocation, String batch,
            java.math.BigDecimal quantity, String unit) {
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(org.springframework.dao.DuplicateKeyException.class)
    ResponseEntity<Map<String, String>> duplicate(Exception e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "order exists already"));
    }
}
