package io.meserp.hub.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpBookings;
import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ErpUnits;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shift-end proof that MES and ERP agree. For one plant and time window (a shift, or any span on demand) it takes what
 * the plant reported (yield and scrap per order, goods receipts and consumption per order and material, by MES event
 * time) and what the ERP has booked for those orders, read from the ERP itself, and reports every difference with its
 * likely cause: still pending in the hub's queue, in the exception queue, missing in the ERP although the hub booked
 * it, booked twice in the ERP, booked in the ERP without coming through the hub, or booked with another quantity.
 * Runs and their reports are stored; {@code /api/reconciliation} serves them.
 */
@Component("reconciliation")
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(5);

    public enum Cause {
        PENDING_IN_QUEUE, IN_EXCEPTION, MISSING_IN_ERP, BOOKED_TWICE_IN_ERP, NOT_FROM_HUB, QUANTITY_DIFFERS
    }

    public record Run(long id, String plant, String shift, LocalDate shiftDate, OffsetDateTime from, OffsetDateTime to,
            String triggeredBy, String status, int events, int erpRecords, int mismatches, String error,
            OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    public record Total(String order, String material, String measure, String unit, BigDecimal reported,
            BigDecimal booked, boolean matches) {
    }

    public record Mismatch(String order, String material, String measure, Cause cause, String eventId, String erpDocument,
            BigDecimal reported, BigDecimal booked, String unit, Long exceptionId, String detail) {
    }

    public record Report(Run run, List<Total> totals, List<Mismatch> mismatches) {
    }

    private final JdbcTemplate jdbc;
    private final PlantRegistry plants;
    private final ErpBookings erp;
    private final ErpUnits units;
    private final ObjectMapper mapper;
    private final Duration grace;
    private final Duration lookback;

    public Reconciliation(JdbcTemplate jdbc, PlantRegistry plants, ErpBookings erp, ErpUnits units, ObjectMapper mapper,
            @Value("${hub.reconciliation.grace:15m}") Duration grace,
            @Value("${hub.reconciliation.lookback:1d}") Duration lookback) {
        this.jdbc = jdbc;
        this.plants = plants;
        this.erp = erp;
        this.units = units;
        this.mapper = mapper;
        this.grace = grace;
        this.lookback = lookback;
    }

    /** Reconciles every shift that ended at least the grace period ago (and within the look-back) and has no run yet. */
    public int runDueShifts() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int runs = 0;
        for (PlantDefinition plant : plants.all()) {
            PlantDefinition.ShiftCalendar calendar = plant.shifts();
            LocalDate today = now.atZoneSameInstant(calendar.zone()).toLocalDate();
            for (LocalDate day = today.minusDays(lookback.toDays() + 1); !day.isAfter(today); day = day.plusDays(1)) {
                for (PlantDefinition.Shift shift : calendar.shifts()) {
                    OffsetDateTime[] window = calendar.window(shift, day);
                    if (window[1].plus(grace).isAfter(now) || window[1].isBefore(now.minus(lookback))) {
                        continue;
                    }
                    String key = "shift:" + plant.id() + ":" + day + ":" + shift.name();
                    Optional<Long> id = claim(key, plant.id(), shift.name(), day, window, "schedule");
                    if (id.isPresent()) {
                        execute(id.get(), plant, window[0], window[1]);
                        runs++;
                    }
                }
            }
        }
        return runs;
    }

    /** On demand: one shift of one day. */
    public Report runShift(String plantId, String shiftName, LocalDate day, String actor) {
        PlantDefinition plant = plant(plantId);
        PlantDefinition.Shift shift = plant.shifts().shift(shiftName).orElseThrow(() -> new IllegalArgumentException(
                "plant " + plantId + " has no shift '" + shiftName + "' (its shift-calendar has "
                        + plant.shifts().shifts().stream().map(PlantDefinition.Shift::name).toList() + ")"));
        OffsetDateTime[] window = plant.shifts().window(shift, day);
        long id = claim("demand:" + UUID.randomUUID(), plantId, shiftName, day, window, actor).orElseThrow();
        execute(id, plant, window[0], window[1]);
        return report(id).orElseThrow();
    }

    /** On demand: any span. */
    public Report runWindow(String plantId, OffsetDateTime from, OffsetDateTime to, String actor) {
        PlantDefinition plant = plant(plantId);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        long id = claim("demand:" + UUID.randomUUID(), plantId, null, null, new OffsetDateTime[] {from, to}, actor)
                .orElseThrow();
        execute(id, plant, from, to);
        return report(id).orElseThrow();
    }

    /** The newest finished run of each plant. */
    public List<Run> latest() {
        return jdbc.query("SELECT * FROM hub_recon_run r WHERE r.id = (SELECT MAX(l.id) FROM hub_recon_run l"
                + " WHERE l.plant = r.plant AND l.status <> 'RUNNING') ORDER BY r.plant", (rs, i) -> run(rs));
    }

    public List<Run> runs(String plant, int page, int size) {
        String where = plant == null || plant.isBlank() ? "" : " WHERE plant = ?";
        Object[] args = plant == null || plant.isBlank() ? new Object[] {size, (long) page * size}
                : new Object[] {plant, size, (long) page * size};
        return jdbc.query("SELECT * FROM hub_recon_run" + where + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                (rs, i) -> run(rs), args);
    }

    public Optional<Report> report(long id) {
        Optional<Run> run = jdbc.query("SELECT * FROM hub_recon_run WHERE id = ?", (rs, i) -> run(rs), id).stream().findFirst();
        return run.map(r -> new Report(r,
                jdbc.query("SELECT * FROM hub_recon_total WHERE run_id = ? ORDER BY order_no, material, measure",
                        (rs, i) -> new Total(rs.getString("order_no"), rs.getString("material"), rs.getString("measure"),
                                rs.getString("unit"), rs.getBigDecimal("reported"), rs.getBigDecimal("booked"),
                                rs.getBoolean("matches")), id),
                jdbc.query("SELECT * FROM hub_recon_mismatch WHERE run_id = ? ORDER BY order_no, id",
                        (rs, i) -> new Mismatch(rs.getString("order_no"), rs.getString("material"), rs.getString("measure"),
                                Cause.valueOf(rs.getString("cause")), rs.getString("event_id"), rs.getString("erp_document"),
                                rs.getBigDecimal("reported"), rs.getBigDecimal("booked"), rs.getString("unit"),
                                (Long) rs.getObject("exception_id", Long.class), rs.getString("detail")), id)));
    }

    private PlantDefinition plant(String plantId) {
        return plants.find(plantId).orElseThrow(() -> new IllegalArgumentException("plant '" + plantId + "' is not configured"));
    }

    private Optional<Long> claim(String key, String plant, String shift, LocalDate day, OffsetDateTime[] window,
            String actor) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            jdbc.update("INSERT INTO hub_recon_run (plant, shift_name, shift_date, run_key, window_from, window_to,"
                    + " triggered_by, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?)", plant, shift, day, key,
                    window[0], window[1], actor, now);
        } catch (DuplicateKeyException done) {
            // A scheduled run that failed (ERP not readable) is tried again a few minutes later.
            List<Long> failed = jdbc.queryForList("SELECT id FROM hub_recon_run WHERE run_key = ? AND status = 'FAILED'"
                    + " AND finished_at < ?", Long.class, key, now.minus(RETRY_FAILED_AFTER));
            for (Long id : failed) {
                if (jdbc.update("UPDATE hub_recon_run SET status = 'RUNNING', error = NULL, started_at = ?, finished_at = NULL"
                        + " WHERE id = ? AND status = 'FAILED'", now, id) == 1) {
                    jdbc.update("DELETE FROM hub_recon_total WHERE run_id = ?", id);
                    jdbc.update("DELETE FROM hub_recon_mismatch WHERE run_id = ?", id);
                    return Optional.of(id);
                }
            }
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("SELECT id FROM hub_recon_run WHERE run_key = ?", Long.class, key));
    }

    private void execute(long runId, PlantDefinition plant, OffsetDateTime from, OffsetDateTime to) {
        try {
            Findings findings = compare(plant, from, to);
            for (Total t : findings.totals.values()) {
                jdbc.update("INSERT INTO hub_recon_total (run_id, order_no, material, measure, unit, reported, booked, matches)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runId, t.order(), t.material(), t.measure(), t.unit(),
                        t.reported(), t.booked(), t.reported().compareTo(t.booked()) == 0);
            }
            for (Mismatch m : findings.mismatches) {
                jdbc.update("INSERT INTO hub_recon_mismatch (run_id, order_no, material, measure, cause, event_id, erp_document,"
                        + " reported, booked, unit, exception_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId,
                        m.order(), m.material(), m.measure(), m.cause().name(), m.eventId(), m.erpDocument(), m.reported(),
                        m.booked(), m.unit(), m.exceptionId(), m.detail());
            }
            jdbc.update("UPDATE hub_recon_run SET status = 'DONE', events = ?, erp_records = ?, mismatches = ?, finished_at = ?"
                    + " WHERE id = ?", findings.events, findings.erpRecords, findings.mismatches.size(),
                    OffsetDateTime.now(ZoneOffset.UTC), runId);
            LOG.info("Reconciliation {} of plant {} ({} to {}): {} events, {} ERP records, {} mismatches", runId, plant.id(),
                    from, to, findings.events, findings.erpRecords, findings.mismatches.size());
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation {} of plant {} failed: {}", runId, plant.id(), e.getMessage());
            jdbc.update("UPDATE hub_recon_run SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?",
                    clip(e.getMessage()), OffsetDateTime.now(ZoneOffset.UTC), runId);
        }
    }

    /** One reported event as reconciliation needs it. */
    private record Reported(String eventId, String flow, String order, String status, String erpDocument,
            JsonNode data) {

        /** The id the ERP knows the booking by: the event's, or the aggregate's it was combined into. */
        String key() {
            return erpDocument != null && erpDocument.startsWith("aggregate ") ? erpDocument.substring(10) : eventId;
        }
    }

    private static final class Findings {
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

    private Findings compare(PlantDefinition plant, OffsetDateTime from, OffsetDateTime to) {
        Findings f = new Findings();
        List<Reported> reported = jdbc.query("SELECT event_id, flow, order_no, status, erp_document, payload FROM hub_event"
                + " WHERE plant = ? AND flow IN ('confirmation', 'movement') AND event_time >= ? AND event_time < ?"
                + " AND (source IS NULL OR source NOT LIKE 'aggregate of%') ORDER BY order_no, event_time",
                (rs, i) -> new Reported(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        data(rs.getString(6))), plant.id(), from, to);
        f.events = reported.size();
        ZoneId erpZone = plant.erpTimeZone();
        LocalDateTime erpFrom = from.atZoneSameInstant(erpZone).toLocalDateTime();
        LocalDateTime erpTo = to.atZoneSameInstant(erpZone).toLocalDateTime();
        Map<String, List<Reported>> byOrder = reported.stream().filter(r -> r.order() != null)
                .collect(Collectors.groupingBy(Reported::order, LinkedHashMap::new, Collectors.toList()));
        // Orders the plant did not report in the window but the ERP has confirmations for on its days.
        for (String order : erp.confirmedOrders(plant.erpPlant(), erpFrom.toLocalDate(), erpTo.toLocalDate())) {
            byOrder.putIfAbsent(order, List.of());
        }
        for (Map.Entry<String, List<Reported>> entry : byOrder.entrySet()) {
            String order = entry.getKey();
            List<Reported> confirmations = entry.getValue().stream().filter(r -> r.flow().equals("confirmation")).toList();
            List<Reported> movements = entry.getValue().stream().filter(r -> r.flow().equals("movement")).toList();
            if (!confirmations.isEmpty() || movements.isEmpty()) {
                confirmations(f, order, confirmations, erpFrom, erpTo);
            }
            if (!movements.isEmpty()) {
                movements(f, order, movements, erpFrom.toLocalDate(), erpTo.toLocalDate());
            }
        }
        return f;
    }

    private void confirmations(Findings f, String order, List<Reported> events, LocalDateTime erpFrom, LocalDateTime erpTo) {
        List<ErpBookings.Confirmation> booked = erp.confirmations(order);
        f.erpRecords += booked.size();
        Map<String, List<ErpBookings.Confirmation>> byKey = booked.stream()
                .collect(Collectors.groupingBy(ErpBookings.Confirmation::externalId));
        Map<String, List<Reported>> byHubKey = events.stream()
                .collect(Collectors.groupingBy(Reported::key, LinkedHashMap::new, Collectors.toList()));
        Set<String> known = hubKeys(order, "confirmation");
        for (Map.Entry<String, List<Reported>> e : byHubKey.entrySet()) {
            String key = e.getKey();
            List<Reported> members = e.getValue();
            String unit = members.get(0).data().path("unit").asText();
            BigDecimal yield = sum(members, "yield");
            BigDecimal scrap = sum(members, "scrap");
            List<ErpBookings.Confirmation> bookings = byKey.getOrDefault(key, List.of());
            BigDecimal bookedYield = bookings.stream().map(ErpBookings.Confirmation::yield).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal bookedScrap = bookings.stream().map(ErpBookings.Confirmation::scrap).reduce(BigDecimal.ZERO, BigDecimal::add);
            f.add(order, "", "yield", unit, yield, bookedYield);
            f.add(order, "", "scrap", unit, scrap, bookedScrap);
            String documents = bookings.stream().map(ErpBookings.Confirmation::document).collect(Collectors.joining(", "));
            if (bookings.isEmpty()) {
                notBooked(f, order, "", "yield", key, members, yield, unit);
            } else if (bookings.size() > 1) {
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.BOOKED_TWICE_IN_ERP, key, documents, yield,
                        bookedYield, unit, null, bookings.size() + " ERP confirmations carry ExternalSystemConfirmation " + key));
            } else if (yield.compareTo(bookedYield) != 0 || scrap.compareTo(bookedScrap) != 0) {
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.QUANTITY_DIFFERS, key, documents, yield, bookedYield,
                        unit, null, "reported yield " + plain(yield) + " scrap " + plain(scrap) + ", ERP has yield "
                                + plain(bookedYield) + " scrap " + plain(bookedScrap)));
            }
        }
        for (Map.Entry<String, List<ErpBookings.Confirmation>> e : byKey.entrySet()) {
            if (byHubKey.containsKey(e.getKey()) || (!e.getKey().isEmpty() && known.contains(e.getKey()))) {
                continue; // matched above, or a hub event of another window
            }
            for (ErpBookings.Confirmation c : e.getValue()) {
                if (c.executionEnd() == null || c.executionEnd().isBefore(erpFrom) || !c.executionEnd().isBefore(erpTo)) {
                    continue;
                }
                f.add(order, "", "yield", c.unitIso(), BigDecimal.ZERO, c.yield());
                f.add(order, "", "scrap", c.unitIso(), BigDecimal.ZERO, c.scrap());
                f.mismatches.add(new Mismatch(order, "", "yield", Cause.NOT_FROM_HUB, null, c.document(), BigDecimal.ZERO,
                        c.yield(), c.unitIso(), null, "ERP confirmation " + c.document() + " (operation " + c.operation()
                                + ") was not booked by the hub" + (e.getKey().isEmpty() ? " (no ExternalSystemConfirmation)"
                                        : " (ExternalSystemConfirmation " + e.getKey() + " is unknown to the hub)")));
            }
        }
    }

    private void movements(Findings f, String order, List<Reported> events, LocalDate erpFrom, LocalDate erpTo) {
        List<ErpBookings.MovementItem> items = erp.movementItems(order);
        f.erpRecords += items.size();
        Map<String, List<ErpBookings.MovementItem>> byDocument = items.stream()
                .collect(Collectors.groupingBy(ErpBookings.MovementItem::document, LinkedHashMap::new, Collectors.toList()));
        // Every movement the hub ever booked for the order: its document, and the reference that names its event.
        Map<String, String> hubDocuments = new HashMap<>();
        Map<String, String> references = new HashMap<>();
        jdbc.query("SELECT event_id, erp_document FROM hub_event WHERE order_no = ? AND flow = 'movement'", rs -> {
            if (rs.getString(2) != null) {
                hubDocuments.put(rs.getString(2), rs.getString(1));
            }
            references.put(ErpMaterialDocumentClient.reference(rs.getString(1)), rs.getString(1));
        }, order);
        Map<String, Reported> inWindow = events.stream().collect(Collectors.toMap(Reported::eventId, r -> r));
        for (Reported r : events) {
            String material = r.data().path("material").asText();
            String type = r.data().path("movementType").asText();
            String measure = measure(type);
            String unit = r.data().path("unit").asText();
            BigDecimal quantity = new BigDecimal(r.data().path("quantity").asText("0"));
            List<ErpBookings.MovementItem> doc = "POSTED".equals(r.status()) ? byDocument.get(r.erpDocument()) : null;
            BigDecimal bookedQty = doc == null ? BigDecimal.ZERO : doc.stream()
                    .filter(i -> i.material().equals(material) && i.movementType().equals(type))
                    .map(ErpBookings.MovementItem::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            f.add(order, material, measure, unit, quantity, bookedQty);
            if (doc == null) {
                notBooked(f, order, material, measure, r.eventId(), List.of(r), quantity, unit);
            } else if (quantity.compareTo(bookedQty) != 0) {
                f.mismatches.add(new Mismatch(order, material, measure, Cause.QUANTITY_DIFFERS, r.eventId(), r.erpDocument(),
                        quantity, bookedQty, unit, null, "reported " + plain(quantity) + " " + unit + ", material document "
                                + r.erpDocument() + " has " + plain(bookedQty)));
            }
        }
        for (Map.Entry<String, List<ErpBookings.MovementItem>> e : byDocument.entrySet()) {
            if (hubDocuments.containsKey(e.getKey())) {
                continue;
            }
            Optional<ErpBookings.MovementHeader> header = erp.movementHeader(e.getKey());
            String eventId = header.map(h -> references.get(h.reference())).orElse(null);
            boolean within = header.map(ErpBookings.MovementHeader::postingDate)
                    .map(d -> !d.isBefore(erpFrom) && !d.isAfter(erpTo)).orElse(false);
            if (eventId != null && !inWindow.containsKey(eventId)) {
                continue; // a second booking of another window's event; that window reports it
            }
            if (eventId == null && !within) {
                continue;
            }
            for (ErpBookings.MovementItem i : e.getValue()) {
                String unit = units.canonical(i.entryUnit());
                f.add(order, i.material(), measure(i.movementType()), unit, BigDecimal.ZERO, i.quantity());
                f.mismatches.add(eventId != null
                        ? new Mismatch(order, i.material(), measure(i.movementType()), Cause.BOOKED_TWICE_IN_ERP, eventId,
                                e.getKey(), null, i.quantity(), unit, null, "material document " + e.getKey()
                                        + " carries the reference of event " + eventId + ", which the hub booked as "
                                        + inWindow.get(eventId).erpDocument())
                        : new Mismatch(order, i.material(), measure(i.movementType()), Cause.NOT_FROM_HUB, null, e.getKey(),
                                BigDecimal.ZERO, i.quantity(), unit, null, "material document " + e.getKey()
                                        + " was not booked by the hub"));
            }
        }
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
                exception = jdbc.query("SELECT id FROM hub_exception WHERE event_id = ? AND status IN ('OPEN', 'REPLAYING')"
                        + " ORDER BY id DESC", (rs, i) -> rs.getLong(1), key).stream().findFirst().orElse(null);
                detail = "event " + key + " is in the exception queue" + (exception == null ? "" : " (#" + exception + ")");
            }
            case "HELD" -> {
                cause = Cause.IN_EXCEPTION;
                exception = jdbc.query("SELECT id FROM hub_exception WHERE event_id = ? AND status IN ('OPEN', 'REPLAYING')"
                        + " ORDER BY id DESC", (rs, i) -> rs.getLong(1), parts[2]).stream().findFirst().orElse(null);
                detail = "event " + key + " waits behind event " + parts[2] + " of the same order, which is in the exception"
                        + " queue" + (exception == null ? "" : " (#" + exception + ")");
            }
            case "POSTED" -> {
                cause = Cause.MISSING_IN_ERP;
                detail = "the hub booked it as " + parts[1] + " but the ERP no longer has it (reversed or deleted there?)";
            }
            default -> {
                cause = Cause.PENDING_IN_QUEUE;
                detail = "event " + key + " is " + parts[0].toLowerCase() + " in the hub, not yet booked";
            }
        }
        f.mismatches.add(new Mismatch(order, material, measure, cause, key, "POSTED".equals(parts[0]) ? parts[1] : null,
                reported, BigDecimal.ZERO, unit, exception, detail));
    }

    /** Event ids and aggregate ids the hub has for the order in a flow, at any time. */
    private Set<String> hubKeys(String order, String flow) {
        Set<String> keys = new java.util.HashSet<>();
        jdbc.query("SELECT event_id, erp_document FROM hub_event WHERE order_no = ? AND flow = ?", rs -> {
            keys.add(rs.getString(1));
            String doc = rs.getString(2);
            if (doc != null && doc.startsWith("aggregate ")) {
                keys.add(doc.substring(10));
            }
        }, order, flow);
        return keys;
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

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(rs.getLong("id"), rs.getString("plant"), rs.getString("shift_name"),
                rs.getObject("shift_date", LocalDate.class), rs.getObject("window_from", OffsetDateTime.class),
                rs.getObject("window_to", OffsetDateTime.class), rs.getString("triggered_by"), rs.getString("status"),
                rs.getInt("events"), rs.getInt("erp_records"), rs.getInt("mismatches"), rs.getString("error"),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String clip(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
}
