package io.meserp.hub.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.erp.ErpDocument;

/**
 * The one way workflows reach an ERP: per {@link Capability}, create a document for an event and find it again. The
 * payload is the event's canonical data; the connector maps it to the ERP's call and checks the ERP's formats first.
 * Exactly-once posting, the breaker, poison counting, held events and the ledger sit above this contract and hold
 * for every connector; a connector only says, by the {@link io.meserp.hub.erp.ErpException} it throws, whether the
 * ERP refused, was unavailable, or may have booked.
 */
public interface ErpConnector {

    /** The connector's name: its folder under mappings/erp/, which plant.yaml names as {@code erp:}. */
    String name();

    /** Its type (s4-odata, soap-legacy, http-json). */
    String type();

    Set<Capability> capabilities();

    /** Checked at start-up for each connector a plant uses: what it needs from the environment is there. */
    default void check() {
    }

    /** What values the ERP can hold, checked where a plant's events enter the hub and before any call. */
    default Formats formats() {
        return Formats.none(name());
    }

    /** Refuses, naming each field, a payload with a value the ERP cannot hold; nothing is sent. */
    default void refuseWhatTheErpCannotHold(Capability capability, JsonNode payload) {
        List<String> problems = formats().violations(payload);
        if (!problems.isEmpty()) {
            throw new io.meserp.hub.erp.ErpRejectedException(0, "ERP " + name() + " cannot hold this " + capability.key()
                    + ": " + String.join("; ", problems));
        }
    }

    /** How {@link #find} finds an earlier booking of a capability. */
    Lookup lookup(Capability capability);

    /** Books the event's document; throws an ErpException that says what the failure means. */
    ErpDocument create(Capability capability, String eventId, JsonNode payload, ZoneId erpZone);

    /** The document the ERP holds for the event, if any (see {@link #lookup}). */
    Optional<ErpDocument> find(Capability capability, String eventId, JsonNode payload, ZoneId erpZone);

    /**
     * Released orders changed after {@code watermark} (a change stamp yyyyMMddHHmmss in UTC; the ERP's own order of
     * changes), oldest first, at most {@code limit}: canonical production-order/v1 data without {@code hubPlant}.
     */
    default List<JsonNode> releasedSince(String watermark, int limit) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.RELEASED_ORDERS.key());
    }

    /** One order as the ERP has it now, in the same form; empty when the ERP does not know it. */
    default Optional<JsonNode> order(String order) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.ORDER.key());
    }

    /**
     * A confirmation as the ERP holds it. {@code key} is what it carries of the hub's event (see {@link #key}), empty
     * when nothing; {@code unit} is canonical (UN/ECE Rec. 20); {@code end} is the ERP's local time.
     */
    record BookedConfirmation(String document, String key, String operation, BigDecimal yield, BigDecimal scrap,
            String unit, LocalDateTime end) {
    }

    /** A goods movement item as the ERP holds it; {@code key} and {@code unit} as for a confirmation. */
    record BookedMovement(String document, String key, String material, String movementType, BigDecimal quantity,
            String unit, LocalDate postingDate) {
    }

    /** What a booking of the capability carries of the hub's event id (the id itself, or a key made from it). */
    default String key(Capability capability, String eventId) {
        return eventId;
    }

    /** Orders of an ERP plant with confirmations posted from {@code from} to {@code to} (ERP local days). */
    default java.util.Set<String> bookedOrders(String erpPlant, LocalDate from, LocalDate to) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.BOOKED_ORDERS.key());
    }

    /** The confirmations the ERP holds for the order. */
    default List<BookedConfirmation> confirmations(String order) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.CONFIRMATION_BOOKINGS.key());
    }

    /** The goods movement items the ERP holds for the order, cancelled ones left out. */
    default List<BookedMovement> movements(String order) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.MOVEMENT_BOOKINGS.key());
    }

    /** Unrestricted stock of a material in an ERP plant, in the material's base unit. */
    default BigDecimal stock(String material, String erpPlant) {
        throw new IllegalStateException("connector " + name() + " does not offer " + Capability.STOCK.key());
    }
}
