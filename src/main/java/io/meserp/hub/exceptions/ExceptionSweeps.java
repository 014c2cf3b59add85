package io.meserp.hub.exceptions;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventPublisher;
import io.meserp.hub.event.EventType;
import io.meserp.hub.exceptions.ExceptionQueue.Item;
import io.meserp.hub.ledger.DeadLetterRecords;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.Holds;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.InboundFlow;
import io.meserp.hub.plant.PlantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The exception queue's housekeeping (route dead-letter-scan): every message the broker dead-lettered becomes an open
 * exception once, a replay or discard whose JMS transaction never committed is opened again, and the held events of
 * orders that nothing holds any more are sent back through their queue; replays cut short by a stop of the hub are
 * finished or opened again.
 */
@Component("exceptionSweeps")
public class ExceptionSweeps {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionSweeps.class);

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Holds holds;
    private final DeadLetters deadLetters;
    private final DeadLetterRecords deadLetterRecords;
    private final EventPublisher publisher;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;
    private final ReplayedEvents replays;

    public ExceptionSweeps(JdbcTemplate jdbc, Ledger ledger, Holds holds, DeadLetters deadLetters,
            DeadLetterRecords deadLetterRecords, EventPublisher publisher, PlantRegistry plants, ObjectMapper mapper,
            ReplayedEvents replays) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.holds = holds;
        this.deadLetters = deadLetters;
        this.deadLetterRecords = deadLetterRecords;
        this.publisher = publisher;
        this.plants = plants;
        this.mapper = mapper;
        this.replays = replays;
    }

    /**
     * Sends the first held event of every order that nothing holds any more back through its flow's queue; its
     * consumer books it and the ones held after it, in order. Runs after a discard and with every dead-letter scan
     * (for a release the hub did not get to send).
     *
     * @return how many orders were released
     */
    public int releaseHeld() {
        int released = 0;
        for (EventRecord held : holds.releasable(ExceptionQueue.RELEASE_RESEND_AFTER)) {
            Optional<String> queue = plants.flow(held.flow()).map(InboundFlow::queue);
            if (queue.isEmpty()) {
                LOG.warn("Held event {} of order {} has no queue for flow {}", held.eventId(), held.orderNo(), held.flow());
                continue;
            }
            publisher.send(queue.get(), List.of(new NewEvent(held.eventId(), held.flow(), held.plant(), held.orderNo(),
                    held.source(), held.payload(), held.eventTime())));
            holds.markReleased(held.eventId(), held.orderNo(), queue.get());
            LOG.info("Order {} holds nothing any more: its held {} events are released", held.orderNo(), held.flow());
            released++;
        }
        return released;
    }

    /** Records every dead letter the hub does not know yet as an open exception; reopens replays that did not commit. */
    public int scanDeadLetters() {
        int fresh = 0;
        OffsetDateTime settled = ExceptionQueue.now().minus(ExceptionQueue.INTERRUPTED_AFTER);
        for (DeadLetters.Letter letter : deadLetters.browse()) {
            String eventId = letter.eventId();
            String flow = letter.flow();
            String plant = letter.plant();
            String order = letter.orderNo();
            if (letter.body() != null) {
                try {
                    JsonNode json = mapper.readTree(letter.body());
                    eventId = eventId != null ? eventId : json.path("id").asText(null);
                    order = order != null ? order : json.path("subject").asText(null);
                    flow = flow != null ? flow : EventType.ofType(json.path("type").asText()).map(EventType::flow).orElse(null);
                } catch (Exception unreadable) {
                    // the broker's headers are all there is
                }
            }
            Optional<EventRecord> known = eventId == null ? Optional.empty() : ledger.find(eventId);
            String lastError = known.map(EventRecord::lastError).orElse(null);
            // the hub gave up on it (markPoisoned): it blocks its order and has its counted attempts
            int poisoned = known.filter(EventRecord::blocking).map(EventRecord::poisonAttempts).orElse(0);
            String reason = (poisoned > 0 ? "poison message, dead-lettered: it failed " + poisoned + " times while the ERP"
                    + " booked other events (hub.erp.poison.max-attempts); the broker moved it to " + letter.queue()
                    : "dead-lettered by the broker " + (letter.deliveries() > 1 ? "after " + letter.deliveries()
                            + " delivery attempts" : "once its delivery attempts (max-delivery-attempts in broker.xml)"
                            + " were used up") + " on " + letter.originalAddress())
                    + (lastError == null ? "" : "; last error: " + lastError);
            if (deadLetterRecords.recordDeadLetter(new DeadLetterRecords.DeadLetter(letter.queue(), letter.messageId(), eventId, flow, plant,
                    order, letter.body(), letter.deliveries(), reason))) {
                fresh++;
                LOG.warn("Dead letter {} in {} (event {}, order {}) is now an exception", letter.messageId(), letter.queue(),
                        eventId, order);
            } else {
                // A replay or discard recorded but whose JMS transaction never committed (hub stopped in between).
                List<Long> stale = jdbc.queryForList("SELECT id FROM hub_exception WHERE dlq_queue = ? AND dlq_message_id = ?"
                        + " AND status IN ('REPLAYED', 'DISCARDED') AND updated_at < ?", Long.class, letter.queue(),
                        letter.messageId(), settled);
                for (Long id : stale) {
                    jdbc.update("UPDATE hub_exception SET status = 'OPEN', resolved_at = NULL, resolved_by = NULL,"
                            + " updated_at = ? WHERE id = ?", ExceptionQueue.now(), id);
                    if (eventId != null) {
                        ledger.unqueue(eventId, order, "replay did not complete: the message is still in " + letter.queue());
                    }
                    ExceptionQueue.audit(jdbc, id, "reopen", "hub", null, null, null, "still in " + letter.queue() + " after the replay or"
                            + " discard was recorded (the hub stopped before the broker committed); open again");
                }
            }
        }
        return fresh;
    }

    /** Finishes replays cut short by a stop of the hub; sending again books nothing twice. */
    public void recoverInterrupted() {
        List<Item> interrupted = jdbc.query("SELECT * FROM hub_exception WHERE status = 'REPLAYING' AND updated_at < ?",
                ExceptionQueue::bare, ExceptionQueue.now().minus(ExceptionQueue.INTERRUPTED_AFTER));
        for (Item item : interrupted) {
            if ("dlq".equals(item.origin()) && deadLetters.contains(item.deadLetterQueue(), item.deadLetterMessageId())) {
                jdbc.update("UPDATE hub_exception SET status = 'OPEN', updated_at = ? WHERE id = ?", ExceptionQueue.now(), item.id());
                ExceptionQueue.audit(jdbc, item.id(), "reopen", "hub", null, null, null, "replay was cut short before the message left "
                        + item.deadLetterQueue() + "; open again");
                continue;
            }
            if (!"dlq".equals(item.origin()) && !"release".equals(item.flow())) {
                CloudEvent event = replays.checked(item, item.payload());
                String queue = replays.queue(item, event);
                publisher.send(queue, List.of(replays.event(item, event)));
            }
            jdbc.update("UPDATE hub_exception SET status = 'REPLAYED', resolved_at = ?, resolved_by = ?, updated_at = ?"
                    + " WHERE id = ?", ExceptionQueue.now(), "hub", ExceptionQueue.now(), item.id());
            ExceptionQueue.audit(jdbc, item.id(), "replay", "hub", null, null, null, "replay cut short by a stop of the hub, completed"
                    + " (the poster skips what is already booked)");
        }
    }
}
