package io.meserp.hub.kpi;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meserp.hub.plant.PlantIntakeHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's measures of success, from the ledger: end-to-end latency (MES event time to ERP booking) by flow and plant,
 * events by outcome, open exceptions and their age, time to recover a failed event, reconciliation mismatches, and the
 * share of events that needed no manual touch. {@link #refreshGauges()} also puts the ledger-derived ones on
 * {@code /actuator/prometheus} (the latency histogram and outcome counters are recorded as events complete).
 */
@Component("kpis")
public class Kpis {

    private final PlantIntakeHealth intake;

    /** Latencies read per report at most; beyond that the newest are used. */
    static final int MAX_SAMPLES = 200_000;

    private final JdbcTemplate jdbc;
    private final MultiGauge openExceptions;
    private final MultiGauge oldestException;
    private final MultiGauge mismatches;
    private final MultiGauge held;
    private volatile double touchless = Double.NaN;
    /** When the touchless gauge was last computed (System.nanoTime), 0 before the first time. */
    private volatile long touchlessAt;
    /** How often the gauge's day of bookings is counted again. */
    private static final Duration TOUCHLESS_EVERY = Duration.ofMinutes(5);

    public Kpis(JdbcTemplate jdbc, MeterRegistry registry, PlantIntakeHealth intake) {
        this.intake = intake;
        this.jdbc = jdbc;
        this.openExceptions = MultiGauge.builder("hub.exceptions.open").description("Open exceptions").register(registry);
        this.oldestException = MultiGauge.builder("hub.exceptions.oldest.age").baseUnit("seconds")
                .description("Age of the oldest open exception").register(registry);
        this.mismatches = MultiGauge.builder("hub.reconciliation.mismatches")
                .description("Mismatches found by the last reconciliation run of the plant").register(registry);
        this.held = MultiGauge.builder("hub.events.held")
                .description("Events waiting behind an earlier event of their order that is in the exception queue")
                .register(registry);
        registry.gauge("hub.touchless.ratio", Tags.empty(), this, k -> k.touchless);
    }

    public record Latency(String flow, String plant, long count, double p50Seconds, double p95Seconds, double p99Seconds,
            double maxSeconds) {
    }

    public record LatencyPoint(OffsetDateTime from, long count, double p50Seconds, double p95Seconds) {
    }

    public record Outcome(String flow, String plant, String status, long count) {
    }

    public record OpenExceptions(String plant, String flow, long open, long oldestAgeSeconds) {
    }

    public record Recovery(long count, double averageSeconds, double p95Seconds) {
    }

    public record Reconciliation(String plant, long runId, String shift, OffsetDateTime finishedAt, String status,
            int mismatches) {
    }

    public record Touchless(long completed, long untouched, double share) {
    }

    public record Report(OffsetDateTime from, OffsetDateTime to, List<Latency> latency, List<LatencyPoint> latencySeries,
            List<Outcome> outcomes, List<OpenExceptions> openExceptions, Recovery recovery,
            List<Reconciliation> reconciliation, Touchless touchless, List<PlantIntakeHealth.Intake> intake) {
    }

    /** The KPIs of events received in the last {@code window}; the latency series has {@code buckets} points. */
    public Report report(Duration window, int buckets) {
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime from = to.minus(window);
        record Sample(String flow, String plant, OffsetDateTime postedAt, double seconds) {
        }
        List<Sample> samples = jdbc.query("SELECT flow, plant, event_time, posted_at FROM hub_event WHERE posted_at >= ?"
                + " AND event_time IS NOT NULL AND erp_document <> '-' ORDER BY posted_at DESC LIMIT " + MAX_SAMPLES,
                (rs, i) -> {
                    OffsetDateTime event = rs.getObject("event_time", OffsetDateTime.class);
                    OffsetDateTime posted = rs.getObject("posted_at", OffsetDateTime.class);
                    return new Sample(rs.getString("flow"), rs.getString("plant"), posted,
                            Math.max(0, Duration.between(event, posted).toMillis()) / 1000.0);
                }, from);
        Map<String, List<Double>> byKey = new LinkedHashMap<>();
        for (Sample s : samples) {
            byKey.computeIfAbsent(s.flow() + "\u0000" + s.plant(), k -> new ArrayList<>()).add(s.seconds());
        }
        List<Latency> latency = new ArrayList<>();
        byKey.forEach((key, values) -> {
            String[] parts = key.split("\u0000", 2);
            Collections.sort(values);
            latency.add(new Latency(parts[0], parts[1], values.size(), percentile(values, 50), percentile(values, 95),
                    percentile(values, 99), values.get(values.size() - 1)));
        });
        List<LatencyPoint> series = new ArrayList<>();
        Duration step = window.dividedBy(Math.max(1, buckets));
        List<List<Double>> perBucket = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            perBucket.add(new ArrayList<>());
        }
        for (Sample s : samples) {
            int bucket = (int) (Duration.between(from, s.postedAt()).toMillis() / Math.max(1, step.toMillis()));
            perBucket.get(Math.min(buckets - 1, Math.max(0, bucket))).add(s.seconds());
        }
        for (int i = 0; i < buckets; i++) {
            List<Double> values = perBucket.get(i);
            Collections.sort(values);
            series.add(new LatencyPoint(from.plus(step.multipliedBy(i)), values.size(),
                    values.isEmpty() ? 0 : percentile(values, 50), values.isEmpty() ? 0 : percentile(values, 95)));
        }
        List<Outcome> outcomes = jdbc.query("SELECT flow, plant, status, COUNT(*) FROM hub_event WHERE received_at >= ?"
                + " GROUP BY flow, plant, status ORDER BY flow, plant, status",
                (rs, i) -> new Outcome(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), from);
        List<Double> recoveries = jdbc.query("SELECT first_failed_at, posted_at FROM hub_event WHERE posted_at >= ?"
                + " AND first_failed_at IS NOT NULL", (rs, i) -> Math.max(0, Duration.between(
                        rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)).toMillis()) / 1000.0,
                from);
        Collections.sort(recoveries);
        Recovery recovery = new Recovery(recoveries.size(),
                recoveries.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                recoveries.isEmpty() ? 0 : percentile(recoveries, 95));
        return new Report(from, to, latency, series, outcomes, openExceptions(to), recovery, lastReconciliations(),
                touchless(from), intake.intakes());
    }

    /** Updates the ledger-derived gauges (open exceptions and their age, mismatches, touchless share). */
    public void refreshGauges() {
        List<OpenExceptions> open = openExceptions(OffsetDateTime.now(ZoneOffset.UTC));
        openExceptions.register(open.stream().map(o -> MultiGauge.Row.of(Tags.of("plant", o.plant(), "flow", o.flow()),
                o.open())).toList(), true);
        Map<String, Long> oldest = new LinkedHashMap<>();
        open.forEach(o -> oldest.merge(o.plant(), o.oldestAgeSeconds(), Math::max));
        oldestException.register(oldest.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("plant", e.getKey()),
                e.getValue())).toList(), true);
        mismatches.register(lastReconciliations().stream().map(r -> MultiGauge.Row.of(Tags.of("plant", r.plant()),
                r.mismatches())).toList(), true);
        held.register(jdbc.query("SELECT plant, flow, COUNT(*) FROM hub_event WHERE status = 'HELD' GROUP BY plant, flow",
                (rs, i) -> MultiGauge.Row.of(Tags.of("plant", rs.getString(1), "flow", rs.getString(2)), rs.getLong(3))), true);
        long now = System.nanoTime();
        if (touchlessAt == 0 || now - touchlessAt >= TOUCHLESS_EVERY.toNanos()) {
            // a day's share moves slowly, and counting a day of bookings costs in proportion to it: not every refresh
            Touchless share = touchless(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
            touchless = share.completed() == 0 ? Double.NaN : share.share();
            touchlessAt = now;
        }
    }

    private List<OpenExceptions> openExceptions(OffsetDateTime now) {
        return jdbc.query("SELECT COALESCE(plant, '-'), flow, COUNT(*), MIN(created_at) FROM hub_exception"
                + " WHERE status IN ('OPEN', 'REPLAYING') GROUP BY COALESCE(plant, '-'), flow ORDER BY 1, 2",
                (rs, i) -> new OpenExceptions(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Math.max(0, Duration.between(rs.getObject(4, OffsetDateTime.class), now).toSeconds())));
    }

    private List<Reconciliation> lastReconciliations() {
        return jdbc.query("SELECT r.plant, r.id, r.shift_name, r.shift_date, r.finished_at, r.status, r.mismatches"
                + " FROM hub_recon_run r WHERE r.id = (SELECT MAX(l.id) FROM hub_recon_run l WHERE l.plant = r.plant"
                + " AND l.status <> 'RUNNING') ORDER BY r.plant",
                (rs, i) -> new Reconciliation(rs.getString(1), rs.getLong(2),
                        rs.getString(3) == null ? "on demand" : rs.getString(3) + " " + rs.getDate(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getInt(7)));
    }

    /**
     * Events completed since {@code from} (booked, or in the exception queue) and the share that never had an exception.
     * Each count reads one index over the window's bookings (booked rows carry {@code posted_at}, which nothing changes
     * after) or the few rows in the exception queue, never the whole ledger.
     */
    private Touchless touchless(OffsetDateTime from) {
        long posted = jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE posted_at >= ?", Long.class, from);
        long exceptions = jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'EXCEPTION' AND updated_at >= ?",
                Long.class, from);
        long touched = jdbc.queryForObject("SELECT COUNT(*) FROM hub_event e WHERE e.event_id IN"
                + " (SELECT x.event_id FROM hub_exception x) AND e.posted_at >= ?", Long.class, from);
        long completed = posted + exceptions;
        long untouched = posted - touched;
        return new Touchless(completed, untouched, completed == 0 ? 1.0 : (double) untouched / completed);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
