package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What holds a production order in a flow: an event in the exception queue blocks the order's later events, which wait
 * in the ledger (HELD, in the order they left the queue) until it is booked or discarded, so an order is booked in
 * order.
 */
@Component
public class Holds {

    private final JdbcTemplate jdbc;
    private final Ledger ledger;

    public Holds(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /**
     * The event of the same flow and order, other than {@code eventId} and not after it, that is in the exception queue
     * and holds the order's later events, if any.
     */
    public Optional<String> blocker(String flow, String orderNo, String eventId, OffsetDateTime eventTime) {
        return holds(flow, orderNo, eventId, eventTime).blocker();
    }

    /** What holds an order in a flow, seen from one of its events: the event it must wait behind, and held events. */
    public record OrderHolds(Optional<String> blocker, boolean held) {
    }

    /**
     * {@link #blocker} and whether the order has held events, in one query (every posting asks; almost always the
     * answer is "nothing"). A blocking event that happened after this one (a late event, or a later one dead-lettered
     * too) does not hold it.
     */
    public OrderHolds holds(String flow, String orderNo, String eventId, OffsetDateTime eventTime) {
        if (orderNo == null) {
            return new OrderHolds(Optional.empty(), false);
        }
        String[] blocker = {null};
        boolean[] held = {false};
        // one seek on the hold key, which only blocking and held events have: the order's history is not read
        jdbc.query("SELECT event_id, blocking, status, event_time, received_at FROM hub_event WHERE hold_key = ?"
                + " AND event_id <> ? ORDER BY received_at",
                rs -> {
                    OffsetDateTime time = Ledger.time(rs, "event_time");
                    if (rs.getBoolean("blocking") && blocker[0] == null
                            && (eventTime == null || time == null || !time.isAfter(eventTime))) {
                        blocker[0] = rs.getString("event_id");
                    }
                    held[0] |= "HELD".equals(rs.getString("status"));
                }, key(flow, orderNo), eventId);
        return new OrderHolds(Optional.ofNullable(blocker[0]), held[0]);
    }

    /** The event waits in the ledger behind {@code blocker}, which is in the exception queue; its message leaves the queue. */
    public void markHeld(String eventId, String orderNo, String blocker) {
        markHeld(eventId, orderNo, blocker, "which is in the exception queue");
    }

    /** The event waits in the ledger behind {@code blocker} for the reason given; its message leaves the queue. */
    public void markHeld(String eventId, String orderNo, String blocker, String why) {
        ledger.inTransaction(() -> {
            OffsetDateTime now = Ledger.now();
            jdbc.update("UPDATE hub_event SET status = 'HELD', held_behind = ?, held_seq = ?, blocking = FALSE,"
                    + " updated_at = ? WHERE event_id = ?", blocker, HOLD_SEQUENCE.next(), now, eventId);
            ledger.steps(List.of(new Ledger.Step(eventId, orderNo, "held", "waits behind event " + blocker + " of order "
                    + orderNo + ", " + why)), now);
        });
    }

    /**
     * An event of the same flow and order that happened before this one and is not booked yet (validated or queued), if
     * any. Asked only for a message the broker delivers again: when a hub dies, Artemis hands its messages back in two
     * steps (those of its open transaction, then those still in its consumer's buffer, which end up first in the queue),
     * so a later event of an order can come before an earlier one. It reads the order's rows through the order index, so
     * it is asked on that rare path only, never for a first delivery.
     */
    public Optional<String> earlierUnfinished(String flow, String orderNo, String eventId, OffsetDateTime eventTime) {
        if (orderNo == null || eventTime == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT event_id FROM hub_event WHERE order_no = ? AND flow = ? AND event_id <> ?"
                + " AND status IN ('VALIDATED', 'QUEUED') AND event_time < ? ORDER BY event_time FETCH FIRST 1 ROWS ONLY",
                (rs, i) -> rs.getString(1), orderNo, flow, eventId, eventTime).stream().findFirst();
    }

    /** The order's held events of this flow, in the order they left the queue. */
    public List<EventRecord> held(String flow, String orderNo) {
        return jdbc.query("SELECT * FROM hub_event WHERE hold_key = ? AND status = 'HELD' ORDER BY held_seq",
                EventRecord::read, key(flow, orderNo));
    }

    /**
     * The first held event of each flow and order that nothing holds any more (its blocker was discarded), unless it
     * was sent back through its queue less than {@code resendAfter} ago.
     */
    public List<EventRecord> releasable(java.time.Duration resendAfter) {
        return jdbc.query("SELECT * FROM hub_event h WHERE h.status = 'HELD' AND (h.released_at IS NULL OR h.released_at < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM hub_event b WHERE b.hold_key = h.hold_key AND b.blocking = TRUE)"
                + " AND NOT EXISTS (SELECT 1 FROM hub_event e WHERE e.hold_key = h.hold_key AND e.status = 'HELD'"
                + " AND e.held_seq < h.held_seq)", EventRecord::read,
                Ledger.now().minus(resendAfter));
    }

    /** A held event was sent back through its queue; the consumer books it and the ones held after it. */
    public void markReleased(String eventId, String orderNo, String queue) {
        OffsetDateTime now = Ledger.now();
        jdbc.update("UPDATE hub_event SET released_at = ?, updated_at = ? WHERE event_id = ?", now, now, eventId);
        ledger.steps(List.of(new Ledger.Step(eventId, orderNo, "released", "nothing holds the order any more; sent to " + queue)), now);
    }

    /** The event no longer holds its order (its exception was discarded). */
    public void unblock(String eventId) {
        jdbc.update("UPDATE hub_event SET blocking = FALSE, updated_at = ? WHERE event_id = ?", Ledger.now(), eventId);
    }

    /**
     * The hold key of an order in a flow: the generated column {@code hold_key} (V13), which only an event that blocks its
     * order or is held has. Normal events have none, so that holding needs no index entry per order for them.
     */
    static String key(String flow, String orderNo) {
        return flow + " " + orderNo;
    }

    /** Increases with every hold, also across restarts (micro-seconds of the clock, never twice the same). */
    private static final class HoldSequence {
        private long last;

        synchronized long next() {
            last = Math.max(last + 1, System.currentTimeMillis() * 1000);
            return last;
        }
    }

    private static final HoldSequence HOLD_SEQUENCE = new HoldSequence();
}
