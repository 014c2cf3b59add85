package io.meserp.hub.erp.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.erp.ErpDocument;

/**
 * A connector whose calls are written in Java: the S/4HANA OData client ({@code s4-odata}) and the legacy SOAP service
 * ({@code soap-legacy}). Both keep the hub's event id in the document (ExternalSystemConfirmation, ExternalId,
 * Reference), so their look-up is by key.
 */
final class BuiltInConnector implements ErpConnector {

    /** Books one capability's document from the canonical payload, and finds it by the event id. */
    interface Calls {
        ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone);

        Optional<ErpDocument> find(String eventId);

        /** False for a call that is safe to repeat and has nothing to look up (an order's hold status). */
        boolean finds();

        /** What the document carries of the event id. */
        String key(String eventId);
    }

    /** What the ERP holds, read for reconciliation (null: the connector offers none). */
    interface Bookings {
        Set<String> bookedOrders(String erpPlant, LocalDate from, LocalDate to);

        List<BookedConfirmation> confirmations(String order);

        List<BookedMovement> movements(String order);
    }

    /** What the ERP tells about its orders and stock (null: the connector offers no release). */
    interface Orders {
        List<JsonNode> releasedSince(String watermark, int limit);

        Optional<JsonNode> order(String order);

        BigDecimal stock(String material, String erpPlant);
    }

    private final String name;
    private final String type;
    private final Map<Capability, Calls> calls;
    private final Orders orders;
    private final Bookings bookings;
    private final Formats formats;

    BuiltInConnector(String name, String type, Map<Capability, Calls> calls, Orders orders, Bookings bookings,
            Formats formats) {
        this.name = name;
        this.type = type;
        this.calls = Map.copyOf(calls);
        this.orders = orders;
        this.bookings = bookings;
        this.formats = formats;
    }

    @Override
    public Formats formats() {
        return formats;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(calls.keySet());
        if (orders != null) {
            all.addAll(EnumSet.of(Capability.RELEASED_ORDERS, Capability.ORDER, Capability.STOCK));
        }
        if (bookings != null) {
            all.addAll(EnumSet.of(Capability.BOOKED_ORDERS, Capability.CONFIRMATION_BOOKINGS, Capability.MOVEMENT_BOOKINGS));
        }
        return all;
    }

    @Override
    public String key(Capability capability, String eventId) {
        return calls(capability).key(eventId);
    }

    @Override
    public Set<String> bookedOrders(String erpPlant, LocalDate from, LocalDate to) {
        return bookings().bookedOrders(erpPlant, from, to);
    }

    @Override
    public List<BookedConfirmation> confirmations(String order) {
        return bookings().confirmations(order);
    }

    @Override
    public List<BookedMovement> movements(String order) {
        return bookings().movements(order);
    }

    private Bookings bookings() {
        if (bookings == null) {
            throw new IllegalStateException("connector " + name + " (" + type + ") does not offer bookings for reconciliation");
        }
        return bookings;
    }

    @Override
    public List<JsonNode> releasedSince(String watermark, int limit) {
        return orders().releasedSince(watermark, limit);
    }

    @Override
    public Optional<JsonNode> order(String order) {
        return orders().order(order);
    }

    @Override
    public BigDecimal stock(String material, String erpPlant) {
        return orders().stock(material, erpPlant);
    }

    private Orders orders() {
        if (orders == null) {
            throw new IllegalStateException("connector " + name + " (" + type + ") does not offer released orders");
        }
        return orders;
    }

    @Override
    public Lookup lookup(Capability capability) {
        return calls(capability).finds() ? Lookup.KEY : Lookup.NONE;
    }

    @Override
    public ErpDocument create(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        Calls call = calls(capability);
        refuseWhatTheErpCannotHold(capability, payload);
        return call.create(eventId, payload, erpZone);
    }

    @Override
    public Optional<ErpDocument> find(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        return calls(capability).find(eventId);
    }

    private Calls calls(Capability capability) {
        Calls c = calls.get(capability);
        if (c == null) {
            throw new IllegalStateException("connector " + name + " (" + type + ") does not offer " + capability.key());
        }
        return c;
    }
}
