package io.meserp.hub.exceptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventPublisher;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.Holds;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerMetrics;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.release.OrderRelease;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The exception queue: everything that could not complete and needs a person (rows a plant file could not give,
 * events the ERP refused, orders held back, messages the broker dead-lettered, results to review). Support fixes a
 * payload (checked against its schema), replays one exception or all of an order's in order, or discards one with a
 * reason; every action is recorded with who, when and what.
 *
 * <p>A replay is safe to fail anywhere. The exception is claimed first (OPEN to REPLAYING, so two people cannot replay
 * it at once). A dead letter leaves its dead-letter queue only in the JMS transaction that re-sends it, after the
 * ledger has recorded the replay; if that transaction does not commit, the record is undone. Any other event is put
 * back on its queue after the ledger has it queued again; if the send fails, it is an exception again. A replay cut
 * short by a crash is finished by {@link ExceptionSweeps#recoverInterrupted()}: sending an event twice books nothing twice, because
 * the poster skips what the ledger shows posted and asks the ERP first when an earlier attempt is in doubt.
 */
@Component("exceptionQueue")
public class ExceptionQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionQueue.class);
    /** A replay still REPLAYING after this long was cut short (the hub stopped mid-way). */
    static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(2);
    /** A released held event still held this long after it was sent back through its queue is sent again. */
    static final Duration RELEASE_RESEND_AFTER = Duration.ofMinutes(5);

    public static final String OPEN = "OPEN";
    static final String REPLAYING = "REPLAYING";
    static final String REPLAYED = "REPLAYED";
    static final String DISCARDED = "DISCARDED";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Ledger ledger;
    private final Holds holds;
    private final LedgerMetrics metrics;
    private final DeadLetters deadLetters;
    private final EventPublisher publisher;
    private final PlantRegistry plants;
    private final ProducerTemplate camel;
    private final ExceptionSweeps sweeps;
    private final ReplayedEvents replays;

    public ExceptionQueue(JdbcTemplate jdbc, Ledger ledger, Holds holds, LedgerMetrics metrics, DeadLetters deadLetters,
            EventPublisher publisher, PlantRegistry plants,
            ProducerTemplate camel, ExceptionSweeps sweeps, ReplayedEvents replays) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ledger = ledger;
        this.holds = holds;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.plants = plants;
        this.camel = camel;
        this.sweeps = sweeps;
        this.replays = replays;
    }

    /** One exception as support sees it. */
    public record Item(long id, String eventId, String flow, String plant, String orderNo, String origin, String source,
            String reason, String detail, String payload, String status, int attempts, String deadLetterQueue,
            String deadLetterMessageId, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime resolvedAt,
            String resolvedBy, List<String> actionsAllowed) {

        Item allowing(List<String> actions) {
            return new Item(id, eventId, flow, plant, orderNo, origin, source, reason, detail, payload, status, attempts,
                    deadLetterQueue, deadLetterMessageId, createdAt, updatedAt, resolvedAt, resolvedBy, List.copyOf(actions));
        }
    }

    /** Who did what, when: fix, replay, discard, reopen. */
    public record Action(long id, String action, String actor, OffsetDateTime at, String reason, String payloadBefore,
            String payloadAfter, String outcome) {
    }

    /** An exception with its history: the operator actions and its event's path through the hub. */
    public record Detail(Item exception, List<Action> actions, Optional<EventRecord> event) {
    }

    public record Filter(String status, String plant, String flow, String order, String origin, OffsetDateTime from,
            OffsetDateTime to) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** What one replay did. */
    public record ReplayResult(long id, String eventId, String outcome, String detail) {
    }

    public Page<Item> search(Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        MapSqlParameterSource params = new MapSqlParameterSource();
        condition(where, params, "status", filter.status());
        condition(where, params, "plant", filter.plant());
        condition(where, params, "flow", filter.flow());
        condition(where, params, "order_no", filter.order());
        condition(where, params, "origin", filter.origin());
        if (filter.from() != null) {
            where.append(" AND created_at >= :from");
            params.addValue("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" AND created_at < :to");
            params.addValue("to", filter.to());
        }
        long total = named.queryForObject("SELECT COUNT(*) FROM hub_exception" + where, params, Long.class);
        params.addValue("limit", size).addValue("offset", (long) page * size);
        List<Item> items = named.query("SELECT * FROM hub_exception" + where
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset", params, this::item);
        return new Page<>(items, page, size, total);
    }

    public Detail get(long id) {
        Item item = find(id);
        List<Action> actions = jdbc.query("SELECT * FROM hub_exception_action WHERE exception_id = ? ORDER BY at, id",
                (rs, i) -> new Action(rs.getLong("id"), rs.getString("action"), rs.getString("actor"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("reason"), rs.getString("payload_before"),
                        rs.getString("payload_after"), rs.getString("outcome")), id);
        return new Detail(item, actions, item.eventId() == null ? Optional.empty() : ledger.find(item.eventId()));
    }

    /** Replaces the payload of an open exception with a corrected one that passes its schema; nothing is sent yet. */
    public Detail fix(long id, String payload, String actor) {
        Item item = find(id);
        requireOpen(item);
        if (!replays.replayable(item)) {
            throw new ActionRefused(HttpStatus.CONFLICT, "exception " + id + " (" + item.origin() + ", flow " + item.flow()
                    + ") has no payload to fix: " + replays.notReplayableWhy(item));
        }
        if (payload.length() > Ledger.MAX_PAYLOAD) {
            throw new ActionRefused(HttpStatus.PAYLOAD_TOO_LARGE, "the fixed payload has " + payload.length()
                    + " characters; the ledger keeps events of up to " + Ledger.MAX_PAYLOAD + " (a plant event is a few"
                    + " hundred): nothing was changed");
        }
        CloudEvent event = replays.checked(item, payload);
        int updated = jdbc.update("UPDATE hub_exception SET payload = ?, event_id = COALESCE(event_id, ?),"
                + " order_no = COALESCE(order_no, ?), updated_at = ? WHERE id = ? AND status = 'OPEN'",
                payload, event.id(), event.subject(), now(), id);
        if (updated == 0) {
            throw new ActionRefused(HttpStatus.CONFLICT, "exception " + id + " is no longer open");
        }
        audit(id, "fix", actor, null, item.payload(), payload, "payload replaced; passes schema " + event.dataschema());
        return get(id);
    }

    /** Sends the exception's event (its payload, fixed or not) through its flow again. */
    public ReplayResult replay(long id, String actor) {
        Item item = find(id);
        requireOpen(item);
        if (!replays.replayable(item)) {
            throw new ActionRefused(HttpStatus.CONFLICT, "exception " + id + " cannot be replayed: " + replays.notReplayableWhy(item));
        }
        boolean release = "release".equals(item.flow()) && !"dlq".equals(item.origin());
        CloudEvent event = release ? null : replays.checked(item, item.payload());
        claim(item);
        try {
            ReplayResult result = release ? recheckRelease(item, actor) : "dlq".equals(item.origin())
                    ? replayDeadLetter(item, event, actor) : replayEvent(item, event, actor);
            metrics.action(item.flow(), item.plant(), "replayed");
            return result;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jdbc.update("UPDATE hub_exception SET status = 'OPEN', updated_at = ? WHERE id = ? AND status = 'REPLAYING'",
                    now(), id);
            audit(id, "replay", actor, null, null, null, "failed, nothing sent; still open: " + why);
            LOG.warn("Replay of exception {} by {} failed, it stays open: {}", id, actor, why);
            throw new ActionRefused(HttpStatus.SERVICE_UNAVAILABLE, "replay of exception " + id
                    + " failed and nothing was sent; it stays open: " + why);
        }
    }

    /**
     * Replays the order's open exceptions one after another in the order of their events, stopping at the first
     * that fails so no later event of the order overtakes it.
     */
    public List<ReplayResult> replayOrder(String order, String actor) {
        List<Item> open = jdbc.query("SELECT x.* FROM hub_exception x LEFT JOIN hub_event e ON e.event_id = x.event_id"
                + " WHERE x.order_no = ? AND x.status = 'OPEN' ORDER BY COALESCE(e.event_time, x.created_at), x.created_at, x.id",
                this::item, order);
        List<ReplayResult> results = new ArrayList<>();
        boolean stopped = false;
        for (Item item : open) {
            if (!replays.replayable(item)) {
                results.add(new ReplayResult(item.id(), item.eventId(), "skipped", replays.notReplayableWhy(item)));
            } else if (stopped) {
                results.add(new ReplayResult(item.id(), item.eventId(), "not-attempted",
                        "an earlier exception of order " + order + " failed to replay"));
            } else {
                try {
                    results.add(replay(item.id(), actor));
                } catch (ActionRefused e) {
                    results.add(new ReplayResult(item.id(), item.eventId(), "failed", e.getMessage()));
                    stopped = true;
                }
            }
        }
        return results;
    }

    /** Closes an open exception without replaying it; the reason is mandatory. A dead letter leaves its queue. */
    public Detail discard(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new ActionRefused(HttpStatus.BAD_REQUEST, "a discard needs a reason (say why the event must not be booked)");
        }
        Item item = find(id);
        requireOpen(item);
        Runnable record = () -> {
            int updated = jdbc.update("UPDATE hub_exception SET status = 'DISCARDED', resolved_at = ?, resolved_by = ?,"
                    + " updated_at = ? WHERE id = ? AND status = 'OPEN'", now(), actor, now(), id);
            if (updated == 0) {
                throw new ActionRefused(HttpStatus.CONFLICT, "exception " + id + " is no longer open");
            }
            if (item.eventId() != null) {
                ledger.note(item.eventId(), item.orderNo(), "discarded", "by " + actor + ": " + reason);
            }
            audit(id, "discard", actor, reason, null, null, "dlq".equals(item.origin())
                    ? "closed without replay; removed from " + item.deadLetterQueue() : "closed without replay");
        };
        if ("dlq".equals(item.origin())) {
            try {
                deadLetters.remove(item.deadLetterQueue(), item.deadLetterMessageId(), record::run);
            } catch (DeadLetters.NotInDeadLetterQueueException gone) {
                throw new ActionRefused(HttpStatus.CONFLICT, "exception " + id + ": " + gone.getMessage());
            }
        } else {
            record.run();
        }
        metrics.action(item.flow(), item.plant(), "discarded");
        if (item.eventId() != null) {
            // the order's later events no longer wait for it
            holds.unblock(item.eventId());
            sweeps.releaseHeld();
        }
        return get(id);
    }

    private ReplayResult replayEvent(Item item, CloudEvent event, String actor) {
        String queue = replays.queue(item, event);
        NewEvent fresh = replays.event(item, event);
        ledger.requeue(fresh, queue, actor);
        try {
            publisher.send(queue, List.of(fresh));
        } catch (RuntimeException e) {
            ledger.unqueue(event.id(), event.subject(), "replay could not be queued: " + e.getMessage());
            throw e;
        }
        resolve(item, actor, "replay", "re-sent to " + queue);
        return new ReplayResult(item.id(), event.id(), "replayed", "re-sent to " + queue);
    }

    private ReplayResult replayDeadLetter(Item item, CloudEvent event, String actor) {
        String queue = item.deadLetterQueue().substring(DeadLetters.DEAD_LETTER_PREFIX.length());
        NewEvent fresh = replays.event(item, event);
        try {
            deadLetters.resend(item.deadLetterQueue(), item.deadLetterMessageId(), queue, item.payload(), () -> {
                ledger.requeue(fresh, queue, actor);
                resolve(item, actor, "replay", "taken from " + item.deadLetterQueue() + " and re-sent to " + queue);
            });
        } catch (RuntimeException e) {
            // The broker kept the message: undo what was recorded inside the transaction.
            ledger.unqueue(event.id(), event.subject(), "replay did not complete: " + e.getMessage());
            jdbc.update("UPDATE hub_exception SET status = 'REPLAYING', resolved_at = NULL, resolved_by = NULL WHERE id = ?"
                    + " AND status = 'REPLAYED'", item.id());
            throw e;
        }
        return new ReplayResult(item.id(), event.id(), "replayed", "taken from " + item.deadLetterQueue()
                + " and re-sent to " + queue);
    }

    private ReplayResult recheckRelease(Item item, String actor) {
        // asked again of the ERP connector of the order's plant
        String outcome = camel.requestBodyAndHeaders("direct:order-release-push", item.orderNo(), Map.of(OrderRelease.RECHECK,
                true, OrderRelease.PLANT, item.plant() == null ? "" : item.plant()), String.class);
        String detail = switch (outcome == null ? "" : outcome) {
            case "held" -> "checked again with the order as the ERP has it now: still held (a new exception says why)";
            case "publish" -> "checked again with the order as the ERP has it now: delivered to the plant";
            case "unchanged" -> "checked again: the plant already has this content";
            default -> "checked again: " + outcome;
        };
        resolve(item, actor, "replay", detail);
        return new ReplayResult(item.id(), item.eventId(), "replayed", detail);
    }

    private void resolve(Item item, String actor, String action, String outcome) {
        jdbc.update("UPDATE hub_exception SET status = 'REPLAYED', resolved_at = ?, resolved_by = ?, updated_at = ?"
                + " WHERE id = ?", now(), actor, now(), item.id());
        audit(item.id(), action, actor, null, null, null, outcome);
    }

    private void claim(Item item) {
        int updated = jdbc.update("UPDATE hub_exception SET status = 'REPLAYING', updated_at = ? WHERE id = ? AND status = 'OPEN'",
                now(), item.id());
        if (updated == 0) {
            throw new ActionRefused(HttpStatus.CONFLICT, "exception " + item.id() + " is no longer open");
        }
    }

    private static void requireOpen(Item item) {
        if (!OPEN.equals(item.status())) {
            throw new ActionRefused(HttpStatus.CONFLICT, "exception " + item.id() + " is " + item.status() + ", not OPEN");
        }
    }

    private Item find(long id) {
        return jdbc.query("SELECT * FROM hub_exception WHERE id = ?", this::item, id).stream().findFirst()
                .orElseThrow(() -> new ActionRefused(HttpStatus.NOT_FOUND, "no exception " + id));
    }

    private Item item(ResultSet rs, int row) throws SQLException {
        Item bare = bare(rs, row);
        return bare.allowing(replays.allowed(bare));
    }

    /** A row of hub_exception, without the actions support may take on it. */
    static Item bare(ResultSet rs, int row) throws SQLException {
        return new Item(rs.getLong("id"), rs.getString("event_id"), rs.getString("flow"), rs.getString("plant"),
                rs.getString("order_no"), rs.getString("origin"), rs.getString("source"), rs.getString("reason"),
                rs.getString("detail"), rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("dlq_queue"), rs.getString("dlq_message_id"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("resolved_at", OffsetDateTime.class),
                rs.getString("resolved_by"), List.of());
    }

    private void audit(long id, String action, String actor, String reason, String before, String after, String outcome) {
        audit(jdbc, id, action, actor, reason, before, after, outcome);
    }

    /** Records what was done to an exception: who, when, why, the payload before and after, and what came of it. */
    static void audit(JdbcTemplate jdbc, long id, String action, String actor, String reason, String before, String after,
            String outcome) {
        jdbc.update("INSERT INTO hub_exception_action (exception_id, action, actor, at, reason, payload_before, payload_after,"
                + " outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, action, actor, now(), reason, before, after, outcome);
    }

    private static void condition(StringBuilder where, MapSqlParameterSource params, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND ").append(column).append(" = :").append(column);
            params.addValue(column, value);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
