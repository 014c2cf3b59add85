package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's steps for a batch of events posted together: read them in one query, claim them in one statement (a
 * round of the batch at a time), record their bookings in one transaction. Each step means for every event what {@link Ledger}'s step of the same name means for
 * one.
 */
@Component
public class LedgerBatches {

    /** The most ids one IN list carries. */
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Ledger ledger;
    private final LedgerMetrics metrics;

    public LedgerBatches(JdbcTemplate jdbc, Ledger ledger, LedgerMetrics metrics) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * A booking to record: the ERP holds the event under {@code document}; {@code how} as for {@link Ledger#markPosted}.
     * {@code record}: the event's row as the caller read it before claiming it, for the booking's metrics; null, and they
     * are read back.
     */
    public record Posted(String eventId, String orderNo, String document, String how, EventRecord record) {
        public Posted(String eventId, String orderNo, String document, String how) {
            this(eventId, orderNo, document, how, null);
        }
    }

    /** The ledger's rows of these events, by event id; an event it does not hold is absent. */
    public Map<String, EventRecord> find(Collection<String> eventIds) {
        Map<String, EventRecord> found = new HashMap<>();
        for (List<String> ids : chunks(eventIds)) {
            named.query("SELECT * FROM hub_event WHERE event_id IN (:ids)", Map.of("ids", ids), rs -> {
                EventRecord record = EventRecord.read(rs, 0);
                found.put(record.eventId(), record);
            });
        }
        return found;
    }

    /**
     * Of these orders, those with an event of the flow that holds them (in the exception queue) or waits held: a seek
     * per order on the hold key ({@link Holds#key}), joined as a VALUES list: with {@code IN (...)} H2 reads the whole
     * index instead of seeking each key.
     */
    public Set<String> heldOrders(String flow, Collection<String> orderNos) {
        Set<String> held = new HashSet<>();
        for (List<String> orders : chunks(orderNos)) {
            String values = String.join(", ", java.util.Collections.nCopies(orders.size(), "(?)"));
            held.addAll(jdbc.queryForList("SELECT e.order_no FROM (VALUES " + values + ") v(k) JOIN hub_event e"
                    + " ON e.hold_key = v.k", String.class, orders.stream().map(o -> Holds.key(flow, o)).toArray()));
        }
        return held;
    }

    /**
     * Claims events without doubt until {@code until} and marks them as being posted, as {@link Ledger#claimPosting} does
     * for one such event, in one statement; returns those claimed. One that is booked, in doubt, held, in the exception
     * queue or claimed by another delivery is not.
     */
    public Set<String> claim(List<String> eventIds, OffsetDateTime until) {
        OffsetDateTime now = Ledger.now();
        int[] counts = ledger.inGroup(() -> jdbc.batchUpdate("UPDATE hub_event SET posting_until = ?, erp_uncertain = TRUE,"
                + " attempts = attempts + 1, updated_at = ? WHERE event_id = ? AND status IN ('VALIDATED', 'QUEUED')"
                + " AND (posting_until IS NULL OR posting_until < ?) AND erp_uncertain = FALSE AND blocking = FALSE",
                eventIds.stream().map(id -> new Object[] {until, now, id, now}).toList()));
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                claimed.add(eventIds.get(i));
            }
        }
        return claimed;
    }

    /** Records the bookings, and their trace steps, in one transaction; each as {@link Ledger#markPosted}. */
    public void markPosted(List<Posted> bookings) {
        if (bookings.isEmpty()) {
            return;
        }
        OffsetDateTime now = Ledger.now();
        List<Runnable> counted = ledger.inGroup(() -> {
            jdbc.batchUpdate("UPDATE hub_event SET status = 'POSTED', erp_uncertain = FALSE, erp_document = ?,"
                    + " last_error = NULL, blocking = FALSE, posting_until = NULL, updated_at = ?, posted_at = ?,"
                    + " posted_note = ?, posted_by = ? WHERE event_id = ?", bookings, CHUNK, (ps, b) -> {
                        ps.setString(1, b.document());
                        ps.setObject(2, now);
                        ps.setObject(3, now);
                        ps.setString(4, Ledger.postedNote(b.how(), b.document()));
                        ps.setString(5, ledger.instance);
                        ps.setString(6, b.eventId());
                    });
            Set<String> local = new HashSet<>();
            bookings.stream().filter(b -> "-".equals(b.document())).forEach(b -> local.add(b.eventId()));
            List<Runnable> metric = new ArrayList<>();
            // what the metrics need is in the row the caller read (a claimed event's flow, plant, time and first failure do
            // not change until it is booked): read back only for a booking without it
            for (Posted b : bookings) {
                EventRecord r = b.record();
                if (r != null) {
                    boolean isLocal = "-".equals(b.document());
                    metric.add(() -> metrics.posted(r.flow(), r.plant(), r.eventTime(), r.firstFailedAt(), now, isLocal));
                }
            }
            for (List<String> ids : chunks(bookings.stream().filter(b -> b.record() == null).map(Posted::eventId).toList())) {
                named.query("SELECT event_id, flow, plant, event_time, first_failed_at FROM hub_event WHERE event_id IN (:ids)",
                        Map.of("ids", ids), rs -> {
                            String flow = rs.getString(2);
                            String plant = rs.getString(3);
                            OffsetDateTime eventTime = Ledger.time(rs, "event_time");
                            OffsetDateTime firstFailed = Ledger.time(rs, "first_failed_at");
                            boolean isLocal = local.contains(rs.getString(1));
                            metric.add(() -> metrics.posted(flow, plant, eventTime, firstFailed, now, isLocal));
                        });
            }
            return metric;
        });
        // counted once committed (a group that fails runs its writes again)
        counted.forEach(Runnable::run);
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
