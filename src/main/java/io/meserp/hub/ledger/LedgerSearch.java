package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger as support and the recovery sweep read it: events searched by plant, flow, status, order and time, an
 * order's trace, and the events not finished yet.
 */
@Component
public class LedgerSearch {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public LedgerSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** What support searches messages by; null fields do not restrict. Times are when the hub received the event. */
    public record MessageQuery(String plant, String flow, String status, String order, OffsetDateTime from,
            OffsetDateTime to) {
    }

    public record MessagePage(List<EventRecord> items, int page, int size, long total) {
    }

    /** Events matching the query, newest first, one page. */
    public MessagePage search(MessageQuery query, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        for (Map.Entry<String, String> c : Map.of("plant", nz(query.plant()), "flow", nz(query.flow()),
                "status", nz(query.status()), "order_no", nz(query.order())).entrySet()) {
            if (!c.getValue().isBlank()) {
                where.append(" AND ").append(c.getKey()).append(" = :").append(c.getKey());
                params.put(c.getKey(), c.getValue());
            }
        }
        if (query.from() != null) {
            where.append(" AND received_at >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.append(" AND received_at < :to");
            params.put("to", query.to());
        }
        long total = named.queryForObject("SELECT COUNT(*) FROM hub_event" + where, params, Long.class);
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<EventRecord> items = named.query("SELECT * FROM hub_event" + where
                + " ORDER BY received_at DESC, event_id LIMIT :limit OFFSET :offset", params, EventRecord::read);
        return new MessagePage(items, page, size, total);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** One production order's timeline: every step of every event, and its exceptions, in time order. */
    public OrderTrace trace(String orderNo) {
        List<OrderTrace.Entry> timeline = new ArrayList<>(jdbc.query(
                "SELECT s.at, s.event_id, s.step, s.detail, s.instance, e.flow, e.plant FROM hub_event_step s"
                        + " LEFT JOIN hub_event e ON e.event_id = s.event_id WHERE s.order_no = ? ORDER BY s.at, s.id",
                (rs, i) -> new OrderTrace.Entry(Ledger.time(rs, "at"), rs.getString("event_id"), rs.getString("flow"),
                        rs.getString("plant"), rs.getString("step"), rs.getString("detail"), rs.getString("instance")),
                orderNo));
        timeline.addAll(0, routineSteps(orderNo)); // first among steps of the same instant
        List<EventRecord> events = jdbc.query("SELECT * FROM hub_event WHERE order_no = ? ORDER BY event_time, received_at",
                EventRecord::read, orderNo);
        List<OrderTrace.Problem> exceptions = jdbc.query(
                "SELECT id, event_id, flow, plant, origin, source, reason, status, attempts, created_at FROM hub_exception"
                        + " WHERE order_no = ? ORDER BY created_at, id",
                (rs, i) -> new OrderTrace.Problem(rs.getLong("id"), rs.getString("event_id"), rs.getString("flow"),
                        rs.getString("plant"), rs.getString("origin"), rs.getString("source"), rs.getString("reason"),
                        rs.getString("status"), rs.getInt("attempts"), Ledger.time(rs, "created_at")),
                orderNo);
        for (OrderTrace.Problem p : exceptions) {
            if (p.eventId() == null) {
                timeline.add(new OrderTrace.Entry(p.createdAt(), null, p.flow(), p.plant(), "rejected",
                        p.source() + ": " + p.reason(), null));
            }
        }
        // What support did about the order's exceptions.
        timeline.addAll(jdbc.query("SELECT a.at, a.action, a.actor, a.reason, a.outcome, x.id, x.event_id, x.flow, x.plant"
                + " FROM hub_exception_action a JOIN hub_exception x ON x.id = a.exception_id WHERE x.order_no = ?",
                (rs, i) -> new OrderTrace.Entry(Ledger.time(rs, "at"), rs.getString("event_id"), rs.getString("flow"),
                        rs.getString("plant"), "exception-" + rs.getString("action"), "#" + rs.getLong("id") + " by "
                                + rs.getString("actor") + (rs.getString("reason") == null ? "" : ": " + rs.getString("reason"))
                                + (rs.getString("outcome") == null ? "" : " (" + rs.getString("outcome") + ")"), null),
                orderNo));
        timeline.sort((a, b) -> a.at().compareTo(b.at()));
        return new OrderTrace(orderNo, timeline, events, exceptions);
    }

    /**
     * The routine path of the order's events, which their rows keep (V13): received and validated when recorded, queued,
     * posted. Rows from before keep these as steps in hub_event_step and are not read here.
     */
    private List<OrderTrace.Entry> routineSteps(String orderNo) {
        List<OrderTrace.Entry> steps = new ArrayList<>();
        jdbc.query("SELECT event_id, flow, plant, source, received_at, queued_at, queue, posted_at, posted_note,"
                + " received_by, posted_by FROM hub_event"
                + " WHERE order_no = ? AND steps_inline ORDER BY received_at",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    String id = rs.getString("event_id");
                    String flow = rs.getString("flow");
                    String plant = rs.getString("plant");
                    OffsetDateTime received = Ledger.time(rs, "received_at");
                    String by = rs.getString("received_by");
                    steps.add(new OrderTrace.Entry(received, id, flow, plant, "received", rs.getString("source"), by));
                    steps.add(new OrderTrace.Entry(received, id, flow, plant, "validated", null, by));
                    OffsetDateTime queued = Ledger.time(rs, "queued_at");
                    if (queued != null) {
                        steps.add(new OrderTrace.Entry(queued, id, flow, plant, "queued", rs.getString("queue"), by));
                    }
                    OffsetDateTime posted = Ledger.time(rs, "posted_at");
                    if (posted != null) {
                        steps.add(new OrderTrace.Entry(posted, id, flow, plant, "posted", rs.getString("posted_note"),
                                rs.getString("posted_by")));
                    }
                }, orderNo);
        return steps;
    }

    /**
     * Events the ledger has not finished (validated or queued, not posted, held or an exception) whose row has not
     * changed since {@code before}: each should be in the broker, and the recovery sweep checks that it is.
     */
    public List<EventRecord> unfinished(OffsetDateTime before, int limit) {
        return jdbc.query("SELECT * FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED') AND updated_at < ?"
                + " ORDER BY received_at, event_time LIMIT ?", EventRecord::read, before, Math.max(1, limit));
    }

    /** Unfinished events (validated or queued) per flow and plant: key [flow, plant]. */
    public Map<List<String>, Long> unfinishedCounts() {
        Map<List<String>, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT flow, plant, COUNT(*) FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED') GROUP BY flow, plant",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(List.of(rs.getString(1), rs.getString(2)),
                        rs.getLong(3)));
        return counts;
    }

    /** Of these events, the ones still unfinished (validated or queued). */
    public Set<String> stillUnfinished(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(named.queryForList("SELECT event_id FROM hub_event WHERE event_id IN (:ids)"
                + " AND status IN ('VALIDATED', 'QUEUED')", Map.of("ids", ids), String.class));
    }

    /** The last event of a flow delivered for an order: its payload and where it went. */
    public record Delivered(String payload, String document) {
    }

    public Optional<Delivered> lastPosted(String flow, String orderNo) {
        return jdbc.query("SELECT payload, erp_document FROM hub_event WHERE flow = ? AND order_no = ? AND status = 'POSTED'"
                + " ORDER BY updated_at DESC, received_at DESC", (rs, i) -> new Delivered(rs.getString(1), rs.getString(2)),
                flow, orderNo).stream().findFirst();
    }

    /** What the ledger holds under an event id: its status, where it came from and the fingerprint of its fact. */
    public record Known(String status, String source, String factHash) {
    }

    /** The ledger's rows for these ids, whatever their status. */
    public Map<String, Known> known(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Known> out = new java.util.HashMap<>();
        named.query("SELECT event_id, status, source, fact_hash FROM hub_event WHERE event_id IN (:ids)",
                Map.of("ids", ids), rs -> {
                    out.put(rs.getString(1), new Known(rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        return out;
    }
}
