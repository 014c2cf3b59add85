package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps an edge hub took with an event before its broker forwarded it here, on the event's timeline at the
 * central hub (hub_event_step, under the edge's instance id): where the edge took it from, and when it queued it for
 * the centre. The edge's own ledger keeps the rest (its exceptions, its files).
 */
@Component
public class EdgeSteps {

    /** What an edge says about one event it forwarded. */
    public record Hop(String eventId, String orderNo, String edge, String source, OffsetDateTime receivedAt,
            OffsetDateTime forwardedAt) {
    }

    private final JdbcTemplate jdbc;

    public EdgeSteps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(List<Hop> hops) {
        if (hops.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(hops.size() * 2);
        for (Hop hop : hops) {
            rows.add(new Object[] {hop.eventId(), hop.orderNo(), "received at the edge", Ledger.clip("hub " + hop.edge()
                    + " took it in from " + hop.source(), Ledger.MAX_TEXT), hop.receivedAt(), Ledger.clip(hop.edge(), 100)});
            rows.add(new Object[] {hop.eventId(), hop.orderNo(), "forwarded by the edge", Ledger.clip("hub " + hop.edge()
                    + " queued it for the central hub; its broker forwarded it", Ledger.MAX_TEXT), hop.forwardedAt(),
                    Ledger.clip(hop.edge(), 100)});
        }
        jdbc.batchUpdate("INSERT INTO hub_event_step (event_id, order_no, step, detail, at, instance) VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }
}
