package io.meserp.hub.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.connector.Capability;
import io.meserp.hub.erp.connector.ErpConnector;
import io.meserp.hub.erp.connector.ErpConnector.BookedConfirmation;
import io.meserp.hub.erp.connector.ErpConnector.BookedMovement;
import io.meserp.hub.erp.connector.ErpConnectors;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.reconciliation.Reconciliation.Cause;
import io.meserp.hub.reconciliation.Reconciliation.Mismatch;
import io.meserp.hub.reconciliation.Reconciliation.Total;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Compares what a plant reported in a window with what its ERP holds, read through the plant's ERP connector (its
 * booked-orders, confirmation-bookings and movement-bookings). A booking belongs to a hub event when it carries the
 * event's key (the connector says what that is) or is the document the hub recorded for the event, so a connector whose
 * ERP keeps no key of the hub's is reconciled by document number.
 */
@Component
class BookingComparison {

    private final JdbcTemplate jdbc;
    private final ErpConnectors connectors;
    private final ObjectMapper mapper;

    BookingComparison(JdbcTemplate jdbc, ErpConnectors connectors, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.mapper = mapper;
    }

    /** One reported event as reconciliation needs it. */
    private record Reported(String eventId, String flow, String order, String status, String erpDocument,
            JsonNode data) {

        /** The id the ERP knows the booking by: the event's, or the aggregate's it was combined into. */
        String key() {
            return erpDocument != null && erpDocument.startsWith("aggregate ") ? erpDocument.substring(10) : eventId;
        }
    }

    static final class Findings {
        final Map<String, Total> totals = new LinkedHashMap<>();
        final List<Mismatch> mismatches = new ArrayList<>();
        int events;
        int erpRecords;

        void add(String order, String material, String measure, String unit, BigDecimal reported, BigDecimal booked) {
            String key = String.join("|", order, material, measure, unit);
            Total t = totals.get(key);
            BigDecimal r = (t == null ? BigDecimal.ZERO : t.reported()).add(reported);
            BigDecimal b = (t == null ? BigDecimal.ZERO : t.booked()).add(booked);
            totals.put(key, new Total(order, material, measure, unit, r, b, r.compareTo(b) == 0));
        }
    }

    /** The hub's events of an order and flow at any time: ERP key to event id, and ERP document to event id. */
    private record HubSide(Map<String, String> keys, Map<String, String> documents) {
    }

    Findings compare(PlantDefinition plant, OffsetDateTime from, OffsetDateTime to) {
        ErpConnector erp = connectors.forPlant(plant.id());
        Findings f = new Findings();
        List<Reported> reported = jdbc.query("SELECT event_id, flow, order_no, status, erp_document, payload FROM hub_event"
                + " WHERE plant = ? AND flow IN ('confirmation', 'movement') AND event_time >= ? AND event_time < ?"
                + " AND (source IS NULL OR source NOT LIKE 'aggregate of%') ORDER BY order_no, event_time",
                (rs, i) -> new Reported(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        data(rs.getString(6))), plant.id(), from, to);
        f.events = reported.size();
        boolean movementsReported = reported.stream().anyMatch(r -> r.flow().equals("movement"));
        require(plant, erp, Capability.BOOKED_ORDERS, Capability.CONFIRMATION_BOOKINGS);
        if (movementsReported) {
            require(plant, erp, Capability.MOVEMENT_BOOKINGS);
        }
        ZoneId erpZone = plant.erpTimeZone();
        LocalDateTime erpFrom = from.atZoneSameInstant(erpZone).toLocalDateTime();
        LocalDateTime erpTo = to.atZoneSameInstant(erpZone).toLocalDateTime();
        Map<String, List<Reported>> byOrder = reported.stream().filter(r -> r.order() != null)
                .collect(Collectors.groupingBy(Reported::order, LinkedHashMap::new, Collectors.toList()));
        // Orders the plant did not report in the window but the ERP has confirmations for on its days.
        for (String order : erp.bookedOrders(plant.erpPlant(), erpFrom.toLocalDate(), erpTo.toLocalDate())) {
            byOrder.putIfAbsent(order, List.of());
        }
        for (Map.Entry<String, List<Reported>> entry : byOrder.entrySet()) {
            String order = entry.getKey();
            List<Reported> confirmations = entry.getValue().stream().filter(r -> r.flow().equals("confirmation")).toList();
            List<Reported> movements = entry.getValue().stream().filter(r -> r.flow().equals("movement")).toList();
            if (!confirmations.isEmpty() || movements.isEmpty()) {
                confirmations(f, erp, order, confirmations, erpFrom, erpTo);
            }
            if (!movements.isEmpty()) {
                movements(f, erp, order, movements, erpFrom.toLocalDate(), erpTo.toLocalDate());
            }
        }
        return f;
    }

    private static void require(PlantDefinition plant, ErpConnector erp, Capability... needed) {
        for (Capability c : needed) {
            if (!erp.capabilities().contains(c)) {
                throw new IllegalStateException("plant " + plant.id() + " cannot be reconciled: its ERP connector "
                        + erp.name() + " (" + erp.type() + ") offers no " + c.key());
            }
        }
    }

    private void confirmations(Findings f, ErpConnector erp, String order, List<Reported> events, LocalDateTime erpFrom,
            LocalDateTime erpTo) {
        List<BookedConfirmation> booked = erp.confirmations(order);
        f.erpRecords += booked.size();
        HubSide hub = hub(erp, Capability.CONFIRMATION, order, "confirmation");
        // each booking under the hub event it belongs to ("" when none, "?<key>" for a key the hub does not know)
        Map<String, List<BookedConfirmation>> byKey = booked.stream().collect(Collectors.groupingBy(c -> owner(hub,
                c.key(), c.document()), LinkedHashMap::new, Collectors.toList()));
        Map<String, List<Reported>> byHubKey = events.stream()
                .collect(Collectors.groupingBy(Reported::key, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Reported>> e : byHubKey.entrySet()) {
            String key = e.getKey();
            List<Reported> members = e.getValue();
            String unit = members.get(0).data().path("unit").asText();
            BigDecimal yield = sum(members, "yield");
            BigDecimal scrap = sum(members, "scrap");
            List<BookedConfirmation> bookings = byKey.getOrDefault(key, List.of());
            BigDecimal bookedYield = bookings.stream().map(BookedConfirmation::yield).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal bookedScrap = bookings.stream().map(BookedConfirmation::scrap).reduce(BigDecimal.ZERO, BigDecimal::add);
            f.add(order, "", "yield", unit, yield, bookedYield);
            f.add(order, "", "scrap", unit, scrap, bookedScrap);
            String documents = bookings.stream().map(BookedConfirmation::document).collect(Collectors.joining(", "));
            if (bookings.isEmpty()) {
                notBooked(f, order, "", "yield", key, members, yield, unit);
            } else if (bookings.size() > 1) {
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.BOOKED_TWICE_IN_ERP, key, documents, yield,
                        bookedYield, unit, null, bookings.size() + " ERP confirmations (" + documents + ") carry the key of"
                                + " event " + key));
            } else if (yield.compareTo(bookedYield) != 0 || scrap.compareTo(bookedScrap) != 0) {
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.QUANTITY_DIFFERS, key, documents, yield, bookedYield,
                        unit, null, "reported yield " + plain(yield) + " scrap " + plain(scrap) + ", ERP has yield "
                                + plain(bookedYield) + " scrap " + plain(bookedScrap)));
            }
        }
        for (Map.Entry<String, List<BookedConfirmation>> e : byKey.entrySet()) {
            String owner = e.getKey();
            if (byHubKey.containsKey(owner) || (!owner.isEmpty() && !owner.startsWith("?"))) {
                continue; // matched above, or a hub event of another window
            }
            for (BookedConfirmation c : e.getValue()) {
                if (c.end() == null || c.end().isBefore(erpFrom) || !c.end().isBefore(erpTo)) {
                    continue;
                }
                f.add(order, "", "yield", c.unit(), BigDecimal.ZERO, c.yield());
                f.add(order, "", "scrap", c.unit(), BigDecimal.ZERO, c.scrap());
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.NOT_FROM_HUB, null, c.document(), BigDecimal.ZERO,
                        c.yield(), c.unit(), null, "ERP confirmation " + c.document() + " (operation " + c.operation()
                                + ") was not booked by the hub" + (owner.isEmpty() ? " (it carries no hub key)"
                                        : " (its key " + owner.substring(1) + " is unknown to the hub)")));
            }
        }
    }

    private void movements(Findings f, ErpConnector erp, String order, List<Reported> events, LocalDate erpFrom,
            LocalDate erpTo) {
        List<BookedMovement> items = erp.movements(order);
        f.erpRecords += items.size();
        Map<String, List<BookedMovement>> byDocument = items.stream()
                .collect(Collectors.groupingBy(BookedMovement::document, LinkedHashMap::new, Collectors.toList()));
        HubSide hub = hub(erp, Capability.MOVEMENT, order, "movement");
        Map<String, Reported> inWindow = events.stream().collect(Collectors.toMap(Reported::eventId, r -> r));
        for (Reported r : events) {
            String material = r.data().path("material").asText();
            String type = r.data().path("movementType").asText();
            String measure = measure(type);
            String unit = r.data().path("unit").asText();
            BigDecimal quantity = new BigDecimal(r.data().path("quantity").asText("0"));
            List<BookedMovement> doc = "POSTED".equals(r.status()) ? byDocument.get(r.erpDocument()) : null;
            BigDecimal bookedQty = doc == null ? BigDecimal.ZERO : doc.stream()
                    .filter(i -> i.material().equals(material) && i.movementType().equals(type))
                    .map(BookedMovement::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            f.add(order, material, measure, unit, quantity, bookedQty);
            if (doc == null) {
                notBooked(f, order, material, measure, r.eventId(), List.of(r), quantity, unit);
            } else if (quantity.compareTo(bookedQty) != 0) {
                f.mismatches.add(new Mismatch(order, material, measure, Cause.QUANTITY_DIFFERS, r.eventId(), r.erpDocument(),
                        quantity, bookedQty, unit, null, "reported " + plain(quantity) + " " + unit + ", material document "
                                + r.erpDocument() + " has " + plain(bookedQty)));
            }
        }
        for (Map.Entry<String, List<BookedMovement>> e : byDocument.entrySet()) {
            if (hub.documents().containsKey(e.getKey())) {
                continue;
            }
            BookedMovement first = e.getValue().get(0);
            String eventId = first.key() == null ? null : hub.keys().get(first.key().toLowerCase(Locale.ROOT));
            boolean within = first.postingDate() != null && !first.postingDate().isBefore(erpFrom)
                    && !first.postingDate().isAfter(erpTo);
            if (eventId != null && !inWindow.containsKey(eventId)) {
                continue; // a second booking of another window's event; that window reports it
            }
            if (eventId == null && !within) {
                continue;
            }
            for (BookedMovement i : e.getValue()) {
                f.add(order, i.material(), measure(i.movementType()), i.unit(), BigDecimal.ZERO, i.quantity());
                f.mismatches.add(eventId != null
                        ? new Mismatch(order, i.material(), measure(i.movementType()), Cause.BOOKED_TWICE_IN_ERP, eventId,
                                e.getKey(), null, i.quantity(), i.unit(), null, "material document " + e.getKey()
                                        + " carries the key of event " + eventId + ", which the hub booked as "
                                        + inWindow.get(eventId).erpDocument())
                        : new Mismatch(order, i.material(), measure(i.movementType()), Cause.NOT_FROM_HUB, null, e.getKey(),
                                BigDecimal.ZERO, i.quantity(), i.unit(), null, "material document " + e.getKey()
                                        + " was not booked by the hub"));
            }
        }
    }

    /** The hub event a booking belongs to: by the key it carries, else by its document; "" or "?key" when none. */
    private static String owner(HubSide hub, String key, String document) {
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        String byKey = k.isEmpty() ? null : hub.keys().get(k);
        if (byKey != null) {
            return byKey;
        }
        String byDocument = hub.documents().get(document);
        return byDocument != null ? byDocument : k.isEmpty() ? "" : "?" + key;
    }

    /** Every key the hub has for the order in a flow at any time (event ids and aggregate ids), and its documents. */
    private HubSide hub(ErpConnector erp, Capability capability, String order, String flow) {
        Map<String, String> keys = new HashMap<>();
        Map<String, String> documents = new HashMap<>();
        Set<String> ids = new HashSet<>();
        jdbc.query("SELECT event_id, erp_document FROM hub_event WHERE order_no = ? AND flow = ?", rs -> {
            String id = rs.getString(1);
            String doc = rs.getString(2);
            ids.add(id);
            if (doc != null && doc.startsWith("aggregate ")) {
                ids.add(doc.substring(10));
            } else if (doc != null && !"-".equals(doc)) {
                documents.put(doc, id);
            }
        }, order, flow);
        for (String id : ids) {
            keys.put(erp.key(capability, id).toLowerCase(Locale.ROOT), id);
        }
        return new HubSide(keys, documents);
    }

    /** The reported quantity is not in the ERP: why, from the ledger's state of the event that carries it. */
    private void notBooked(Findings f, String order, String material, String measure, String key, List<Reported> members,
            BigDecimal reported, String unit) {
        String status = jdbc.query("SELECT status, erp_document, held_behind FROM hub_event WHERE event_id = ?",
                (rs, i) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), key).stream().findFirst()
                .orElse(members.get(0).status() + "||");
        String[] parts = status.split("\\|", 3);
        if ("POSTED".equals(parts[0]) && "-".equals(parts[1])) {
            return; // recorded by the hub with nothing to book
        }
        Cause cause;
        String detail;
        Long exception = null;
        switch (parts[0]) {
            case "EXCEPTION" -> {
                cause = Cause.IN_EXCEPTION;
                exception = openException(key);
                detail = "event " + key + " is in the exception queue" + (exception == null ? "" : " (#" + exception + ")");
            }
            case "HELD" -> {
                cause = Cause.IN_EXCEPTION;
                exception = openException(parts[2]);
                detail = "event " + key + " waits behind event " + parts[2] + " of the same order, which is in the exception"
                        + " queue" + (exception == null ? "" : " (#" + exception + ")");
            }
            case "POSTED" -> {
                cause = Cause.MISSING_IN_ERP;
                detail = "the hub booked it as " + parts[1] + " but the ERP no longer has it (reversed or deleted there?)";
            }
            default -> {
                cause = Cause.PENDING_IN_QUEUE;
                detail = "event " + key + " is " + parts[0].toLowerCase(Locale.ROOT) + " in the hub, not yet booked";
            }
        }
        f.mismatches.add(new Mismatch(order, material, measure, cause, key, "POSTED".equals(parts[0]) ? parts[1] : null,
                reported, BigDecimal.ZERO, unit, exception, detail));
    }

    private Long openException(String eventId) {
        return jdbc.query("SELECT id FROM hub_exception WHERE event_id = ? AND status IN ('OPEN', 'REPLAYING')"
                + " ORDER BY id DESC", (rs, i) -> rs.getLong(1), eventId).stream().findFirst().orElse(null);
    }

    private static String measure(String movementType) {
        return switch (movementType) {
            case "101" -> "receipt";
            case "261" -> "consumption";
            default -> "movement-" + movementType;
        };
    }

    private static BigDecimal sum(List<Reported> events, String field) {
        return events.stream().map(r -> new BigDecimal(r.data().path(field).asText("0"))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private JsonNode data(String payload) {
        try {
            return mapper.readTree(payload).path("data");
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
