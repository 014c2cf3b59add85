package io.meserp.hub.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
 * likely cause (the comparison is {@link BookingComparison}): still pending in the hub's queue, in the exception queue, missing in the ERP although the hub booked
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
    private final BookingComparison comparison;
    private final Duration grace;
    private final Duration lookback;

    public Reconciliation(JdbcTemplate jdbc, PlantRegistry plants, BookingComparison comparison,
            @Value("${hub.reconciliation.grace:15m}") Duration grace,
            @Value("${hub.reconciliation.lookback:1d}") Duration lookback) {
        this.jdbc = jdbc;
        this.plants = plants;
        this.comparison = comparison;
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
            BookingComparison.Findings findings = comparison.compare(plant, from, to);
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

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(rs.getLong("id"), rs.getString("plant"), rs.getString("shift_name"),
                rs.getObject("shift_date", LocalDate.class), rs.getObject("window_from", OffsetDateTime.class),
                rs.getObject("window_to", OffsetDateTime.class), rs.getString("triggered_by"), rs.getString("status"),
                rs.getInt("events"), rs.getInt("erp_records"), rs.getInt("mismatches"), rs.getString("error"),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    private static String clip(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
}
