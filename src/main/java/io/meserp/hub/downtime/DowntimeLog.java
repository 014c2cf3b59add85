package io.meserp.hub.downtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Downtime minutes per plant, equipment and reason: each event once in {@code hub_downtime}, and the metric
 * {@code hub_downtime_minutes_total{plant, equipment, reason, breakdown}} for cost and OEE dashboards.
 */
@Component
public class DowntimeLog {

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public DowntimeLog(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Records the event's minutes; false when it was recorded before (a redelivery or re-sent event). */
    public boolean record(String eventId, String plant, DowntimeEvent d, boolean breakdown) {
        try {
            jdbc.update("INSERT INTO hub_downtime (event_id, plant, equipment, reason_code, breakdown, started_at, ended_at,"
                    + " minutes, order_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", eventId, plant, d.equipment(), d.reasonCode(),
                    breakdown, d.start(), d.end(), d.minutes(), d.order());
        } catch (DuplicateKeyException again) {
            return false;
        }
        Counter.builder("hub.downtime.minutes")
                .description("Minutes equipment stood still, by plant, equipment and reason")
                .baseUnit("minutes")
                .tags("plant", plant, "equipment", d.equipment(), "reason", d.reasonCode(), "breakdown", Boolean.toString(breakdown))
                .register(meters)
                .increment(d.minutes().doubleValue());
        return true;
    }
}
