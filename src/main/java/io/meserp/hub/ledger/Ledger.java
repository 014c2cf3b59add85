package io.meserp.hub.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The message ledger: every event's path through the hub (received, validated, queued, posted with the
 * ERP's document, failed, exception). It is what answers "where is order 1000123?" and it is the hub's
 * own guard against booking an event twice. What holds an order behind an exception is {@link Holds}; support's
 * searches and an order's trace are {@link LedgerSearch}.
 * <p>
 * What one step writes (a status and its trace step, a batch of events and theirs) commits together, in one
 * transaction, and the writes of consumers that reach the ledger at the same moment share one commit
 * ({@link GroupCommit}): the embedded H2 writes its store on every commit, so a commit per statement cost the hub more
 * CPU than everything else it does. The ERP is never called inside one.
 */
@Component
public class Ledger {

    static final int MAX_TEXT = 2000;
    /** The longest event payload the ledger and the exception queue keep (their payload columns). */
    public static final int MAX_PAYLOAD = 100_000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final LedgerMetrics metrics;
    private final GroupCommit group;
    /** This hub (hub.cluster.instance-id), recorded with what it does: several hubs may share one ledger. */
    final String instance;

    public Ledger(JdbcTemplate jdbc, LedgerMetrics metrics, PlatformTransactionManager transactions,
            @Value("${hub.cluster.instance-id}") String instance) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.metrics = metrics;
        this.group = new GroupCommit(transactions);
        this.instance = instance;
    }

    /** Runs {@code writes} in one transaction, perhaps with other threads' ({@link GroupCommit}); returns once committed. */
    void inTransaction(Runnable writes) {
        inGroup(() -> {
            writes.run();
            return null;
        });
    }

    <T> T inGroup(java.util.function.Supplier<T> writes) {
        return group.commit(writes);
    }

    /** Records received-and-validated events; events the ledger already holds keep their row. */
    public void recordValidated(List<NewEvent> events) {
        recordValidated(events, null);
    }

    /** As above, when the caller has just read which of the events the ledger holds ({@code held}): not asked again. */
    public void recordValidated(List<NewEvent> events, Set<String> held) {
        if (events.isEmpty()) {
            return;
        }
        try {
            inTransaction(() -> insertValidated(events, held));
        } catch (DuplicateKeyException race) {
            // Another instance took one of these facts at the same moment (a failed statement ends a PostgreSQL
            // transaction): each row on its own, and the other instance's row stands.
            insertValidated(events, null);
        }
    }

    private void insertValidated(List<NewEvent> events, Set<String> held) {
        OffsetDateTime now = now();
        Set<String> known = held != null ? held : new HashSet<>(named.queryForList("SELECT event_id FROM hub_event WHERE"
                + " event_id IN (:ids)", Map.of("ids", events.stream().map(NewEvent::eventId).toList()), String.class));
        List<NewEvent> fresh = events.stream().filter(e -> !known.contains(e.eventId())).toList();
        try {
            jdbc.batchUpdate("INSERT INTO hub_event (event_id, flow, plant, order_no, source, status, payload,"
                    + " event_time, received_at, updated_at, fact_hash, received_by)"
                    + " VALUES (?, ?, ?, ?, ?, 'VALIDATED', ?, ?, ?, ?, ?, ?)",
                    fresh, 500, (ps, e) -> {
                        ps.setString(1, e.eventId());
                        ps.setString(2, e.flow());
                        ps.setString(3, e.plant());
                        ps.setString(4, e.orderNo());
                        ps.setString(5, clip(e.source(), 400));
                        ps.setString(6, e.payload());
                        ps.setObject(7, e.eventTime());
                        ps.setObject(8, now);
                        ps.setObject(9, now);
                        ps.setString(10, e.factHash());
                        ps.setString(11, instance);
                    });
        } catch (DuplicateKeyException race) {
            if (org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
                throw race;
            }
            // Another instance took the same fact at the same moment; its row stands.
        }
        // received and validated at received_at: the trace reads them from the row (LedgerSearch.trace)
    }

    /** The events are committed to the broker. */
    public void markQueued(List<NewEvent> events, String queue) {
        markQueued(events, queue, now());
    }

    /**
     * The events are committed to the broker, stamped {@code sentAt}: when the send began, so that their trace shows
     * them queued before a consumer that was quicker than this update posted them.
     */
    public void markQueued(List<NewEvent> events, String queue, OffsetDateTime sentAt) {
        markQueued(events, queue, sentAt, EventStatus.QUEUED);
    }

    /** As above; an edge hub's events reach {@link EventStatus#FORWARDED} there, the end of their way at the edge. */
    public void markQueued(List<NewEvent> events, String queue, OffsetDateTime sentAt, EventStatus reached) {
        inTransaction(() -> queued(events, queue, sentAt, reached));
    }

    private void queued(List<NewEvent> events, String queue, OffsetDateTime sentAt, EventStatus reached) {
        // the queueing is kept in the row (the trace's "queued" step) also when a quick consumer booked the event already
        jdbc.batchUpdate("UPDATE hub_event SET status = CASE WHEN status = 'VALIDATED' THEN '" + reached.name()
                + "' ELSE status END,"
                + " updated_at = CASE WHEN status = 'VALIDATED' THEN ? ELSE updated_at END, queued_at = ?, queue = ?"
                + " WHERE event_id = ?", events, 500, (ps, e) -> {
                    ps.setObject(1, sentAt);
                    ps.setObject(2, sentAt);
                    ps.setString(3, clip(queue, 200));
                    ps.setString(4, e.eventId());
                });
    }

    /** The recovery sweep found these unfinished events in no queue and sent them again. */
    public void markRecovered(List<NewEvent> events, String queue, String why) {
        inTransaction(() -> recovered(events, queue, why));
        events.forEach(e -> metrics.action(e.flow(), e.plant(), "recovered"));
    }

    private void recovered(List<NewEvent> events, String queue, String why) {
        OffsetDateTime now = now();
        jdbc.batchUpdate("UPDATE hub_event SET status = 'QUEUED', updated_at = ? WHERE event_id = ?"
                + " AND status IN ('VALIDATED', 'QUEUED')", events, 500, (ps, e) -> {
                    ps.setObject(1, now);
                    ps.setString(2, e.eventId());
                });
        steps(events.stream().map(e -> new Step(e.eventId(), e.orderNo(), "recovered", clip(why, MAX_TEXT))).toList(), now);
    }

    public Optional<EventRecord> find(String eventId) {
        return jdbc.query("SELECT * FROM hub_event WHERE event_id = ?", EventRecord::read, eventId).stream().findFirst();
    }

    /**
     * Claims the event for one posting until {@code until}: no other delivery of it may ask or post to the ERP meanwhile.
     * Fails when it is booked already or another delivery holds an unexpired claim. A claim ends with
     * {@link #markPosted} or {@link #markFailed}, or expires (the hub stopped while posting).
     * <p>
     * An event without doubt is marked as being posted ({@link #markPosting}) by the same statement that claims it: the
     * usual case costs one write before the ERP call, and a hub killed before the call only makes the next delivery
     * ask the ERP first.
     *
     * @return the event's doubt as it stands now: {@code true} when the ERP must be asked before posting (then
     *         {@link #markPosting} comes before the create call), {@code false} when it is claimed and marked posting
     *         already; empty if not claimed
     */
    public Optional<Boolean> claimPosting(String eventId, OffsetDateTime until) {
        return group.commit(() -> claim(eventId, until));
    }

    private Optional<Boolean> claim(String eventId, OffsetDateTime until) {
        OffsetDateTime now = now();
        int posting = jdbc.update("UPDATE hub_event SET posting_until = ?, erp_uncertain = TRUE, attempts = attempts + 1,"
                + " updated_at = ? WHERE event_id = ? AND status <> 'POSTED' AND (posting_until IS NULL OR posting_until < ?)"
                + " AND erp_uncertain = FALSE", until, now, eventId, now);
        if (posting == 1) {
            return Optional.of(false);
        }
        int claimed = jdbc.update("UPDATE hub_event SET posting_until = ? WHERE event_id = ? AND status <> 'POSTED'"
                + " AND (posting_until IS NULL OR posting_until < ?)", until, eventId, now);
        if (claimed == 0) {
            return Optional.empty();
        }
        boolean uncertain = Boolean.TRUE.equals(jdbc.queryForObject("SELECT erp_uncertain FROM hub_event WHERE event_id = ?",
                Boolean.class, eventId));
        if (!uncertain) {
            // its doubt was cleared between the two statements
            markPosting(eventId);
        }
        return Optional.of(uncertain);
    }

    /** About to send the event to the ERP: from now until an answer, its outcome there is uncertain. */
    public void markPosting(String eventId) {
        group.commit(() -> jdbc.update("UPDATE hub_event SET erp_uncertain = TRUE, attempts = attempts + 1, updated_at = ?"
                + " WHERE event_id = ?", now(), eventId));
    }

    /** The ERP holds the event under {@code document}; {@code how} says whether it was posted or found there. */
    public void markPosted(String eventId, String orderNo, String document, String how) {
        OffsetDateTime now = now();
        List<Runnable> metric = group.commit(() -> posted(eventId, orderNo, document, how, now));
        // counted once committed (a group that fails runs its writes again)
        metric.forEach(Runnable::run);
    }

    private List<Runnable> posted(String eventId, String orderNo, String document, String how, OffsetDateTime now) {
        jdbc.update("UPDATE hub_event SET status = 'POSTED', erp_uncertain = FALSE, erp_document = ?, last_error = NULL,"
                + " blocking = FALSE, posting_until = NULL, updated_at = ?, posted_at = ?, posted_note = ?, posted_by = ?"
                + " WHERE event_id = ?", document, now, now, postedNote(how, document), instance, eventId);
        return jdbc.query("SELECT flow, plant, event_time, first_failed_at FROM hub_event WHERE event_id = ?", (rs, i) -> {
            String flow = rs.getString(1);
            String plant = rs.getString(2);
            OffsetDateTime eventTime = time(rs, "event_time");
            OffsetDateTime firstFailed = time(rs, "first_failed_at");
            return (Runnable) () -> metrics.posted(flow, plant, eventTime, firstFailed, now, "-".equals(document));
        }, eventId);
    }

    /** A posting failed and will be retried; {@code uncertain} when the ERP may have booked it anyway. */
    public void markFailed(String eventId, String orderNo, String reason, boolean uncertain) {
        markFailed(eventId, orderNo, reason, uncertain, null, false);
    }

    /**
     * A posting failed and will be retried; {@code uncertain} when the ERP may have booked it anyway. The event's claim
     * ends now, or is kept until {@code settledAt} when the ERP may still be working on the request. {@code notSent}
     * when the claim marked the event posting but the create call never went out (the circuit breaker refused it): that
     * attempt is taken back.
     */
    public void markFailed(String eventId, String orderNo, String reason, boolean uncertain, OffsetDateTime settledAt,
            boolean notSent) {
        inTransaction(() -> {
            OffsetDateTime now = now();
            jdbc.update("UPDATE hub_event SET erp_uncertain = ?, last_error = ?, updated_at = ?, posting_until = ?,"
                    + " first_failed_at = COALESCE(first_failed_at, ?), attempts = attempts - ? WHERE event_id = ?",
                    uncertain, clip(reason, MAX_TEXT), now, settledAt, now, notSent ? 1 : 0, eventId);
            steps(List.of(new Step(eventId, orderNo, "failed", reason)), now);
        });
    }

    /** The event cannot complete without a person: it becomes an open exception; the order's later events go on. */
    public void markException(String eventId, String flow, String plant, String orderNo, String reason, String payload) {
        markException(eventId, flow, plant, orderNo, reason, payload, false);
    }

    /**
     * The event cannot complete without a person: it becomes an open exception. With {@code holdsOrder} the order's
     * later events of the flow wait behind it until it is booked or discarded.
     */
    public void markException(String eventId, String flow, String plant, String orderNo, String reason, String payload,
            boolean holdsOrder) {
        inTransaction(() -> {
            OffsetDateTime now = now();
            jdbc.update("UPDATE hub_event SET status = 'EXCEPTION', erp_uncertain = FALSE, last_error = ?, updated_at = ?,"
                    + " first_failed_at = COALESCE(first_failed_at, ?), blocking = ? WHERE event_id = ?",
                    clip(reason, MAX_TEXT), now, now, holdsOrder && !"release".equals(flow), eventId);
            steps(List.of(new Step(eventId, orderNo, "exception", reason)), now);
            insertException(eventId, flow, plant, orderNo, null, reason, null, payload,
                    "release".equals(flow) ? "release" : "erp", now);
        });
        metrics.exception(flow, plant);
    }

    /**
     * A replayed event goes back on its queue: queued again with the (possibly fixed) payload; its ERP doubt stays, so
     * the poster asks the ERP before booking. An event the ledger does not know yet (a row fixed by hand) is recorded.
     */
    public void requeue(NewEvent event, String queue, String actor) {
        OffsetDateTime now = now();
        // A fixed payload is the fact now: re-sent plant content is compared with it (null: not compared).
        int updated = jdbc.update("UPDATE hub_event SET status = 'QUEUED', payload = ?, last_error = NULL, updated_at = ?,"
                + " poison_attempts = 0, fact_hash = ? WHERE event_id = ? AND status <> 'POSTED'", event.payload(), now,
                event.factHash(), event.eventId());
        if (updated == 0 && find(event.eventId()).isEmpty()) {
            recordValidated(List.of(event));
            jdbc.update("UPDATE hub_event SET status = 'QUEUED', updated_at = ?, queued_at = ?, queue = ? WHERE event_id = ?",
                    now, now, clip(queue, 200), event.eventId());
        }
        steps(List.of(new Step(event.eventId(), event.orderNo(), "replayed", "by " + actor + " to " + queue)), now);
    }

    /** One more attempt failed on this event while the ERP answered others; returns how many so far. */
    public int countPoisonAttempt(String eventId) {
        jdbc.update("UPDATE hub_event SET poison_attempts = poison_attempts + 1 WHERE event_id = ?", eventId);
        return jdbc.queryForList("SELECT poison_attempts FROM hub_event WHERE event_id = ?", Integer.class, eventId)
                .stream().findFirst().orElse(0);
    }

    /**
     * The hub gives up on the event (a poison message): it holds its order's later events from now on, while the broker
     * moves its message to the dead-letter queue.
     */
    public void markPoisoned(String eventId, String orderNo, int attempts, String lastError) {
        inTransaction(() -> {
            OffsetDateTime now = now();
            jdbc.update("UPDATE hub_event SET blocking = TRUE, updated_at = ? WHERE event_id = ?", now, eventId);
            steps(List.of(new Step(eventId, orderNo, "poisoned", "failed " + attempts + " times while the ERP booked other"
                    + " events; handed to the dead-letter queue. Last error: " + lastError)), now);
        });
    }

    /** A replay that could not be sent: the event is an exception again. */
    public void unqueue(String eventId, String orderNo, String reason) {
        inTransaction(() -> {
            OffsetDateTime now = now();
            jdbc.update("UPDATE hub_event SET status = 'EXCEPTION', last_error = ?, updated_at = ? WHERE event_id = ?"
                    + " AND status = 'QUEUED'", clip(reason, MAX_TEXT), now, eventId);
            steps(List.of(new Step(eventId, orderNo, "replay-failed", reason)), now);
        });
    }

    /** An exception for a person to review, for an event that itself completed (e.g. a failed inspection). */
    public void recordReview(String eventId, String flow, String plant, String orderNo, String reason, String payload) {
        insertException(eventId, flow, plant, orderNo, "review", reason, null, payload, "review", now());
    }

    /** A step on an event's timeline that is not a change of its status (e.g. "scrap-alert"). */
    public void note(String eventId, String orderNo, String step, String detail) {
        steps(List.of(new Step(eventId, orderNo, step, detail)), now());
    }

    /** A record of a plant file that could not be read, with the file and the row or element in {@code source}. */
    public void recordInputException(String flow, String plant, String orderNo, String source, String reason,
            String detail) {
        recordInputException(flow, plant, orderNo, source, reason, detail, null);
    }

    /** Input a plant sent that could not be taken, with what it sent (a message or request body) when there is no file. */
    public void recordInputException(String flow, String plant, String orderNo, String source, String reason,
            String detail, String payload) {
        insertException(null, flow, plant, orderNo, source, reason, detail, payload, "input", now());
        metrics.exception(flow, plant);
    }

    public void recordFile(FileOutcome file) {
        jdbc.update("INSERT INTO hub_file (plant, file_name, sha256, size_bytes, outcome, accepted, duplicates, rejected,"
                + " report, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", file.plant(), clip(file.fileName(), 400),
                file.sha256(), file.sizeBytes(), file.outcome(), file.accepted(), file.duplicates(), file.rejected(),
                file.report(), now());
    }

    private void insertException(String eventId, String flow, String plant, String orderNo, String source,
            String reason, String detail, String payload, String origin, OffsetDateTime at) {
        int attempts = eventId == null ? 0 : jdbc.query("SELECT attempts FROM hub_event WHERE event_id = ?",
                (rs, i) -> rs.getInt(1), eventId).stream().findFirst().orElse(0);
        jdbc.update("INSERT INTO hub_exception (event_id, flow, plant, order_no, source, reason, detail, payload, status,"
                + " origin, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?)", eventId,
                flow, plant, clip(orderNo, 40), clip(source, 400), clip(reason, MAX_TEXT), clip(detail, 100_000),
                clip(payload, 100_000), origin, attempts,
                at, at);
    }

    record Step(String eventId, String orderNo, String step, String detail) {
    }

    /** What the trace's "posted" step says: how the booking was made or found, and the ERP's document. */
    static String postedNote(String how, String document) {
        return clip(how + ": " + document, MAX_TEXT);
    }

    /** Steps on events' timelines (hub_event_step), all at one time; the routine path is in the event's row (V13). */
    void steps(List<Step> steps, OffsetDateTime at) {
        jdbc.batchUpdate("INSERT INTO hub_event_step (event_id, order_no, step, detail, at, instance) VALUES (?, ?, ?, ?, ?, ?)",
                steps, 500, (ps, s) -> {
                    ps.setString(1, s.eventId());
                    ps.setString(2, s.orderNo());
                    ps.setString(3, s.step());
                    ps.setString(4, clip(s.detail(), MAX_TEXT));
                    ps.setObject(5, at);
                    ps.setString(6, instance);
                });
    }

    static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
