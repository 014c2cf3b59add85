package io.meserp.hub.erp;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Holds;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.meserp.hub.config.HubProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Books one event in the ERP exactly once, whatever the flow. The ledger skips what is already posted. Before
 * each create call the event's ERP outcome is marked uncertain; only a clear answer clears it. Whenever an
 * earlier attempt left it uncertain (a timeout, a reset, a 5xx, or a crash of the hub mid-call), the ERP is
 * first asked for the event's idempotency key; if it holds it, that document is recorded instead of booking again.
 */
@Component
public class ExactlyOncePosting {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOncePosting.class);

    /** How one flow finds its document in the ERP by the event's idempotency key. */
    public interface Finder {
        Optional<ErpDocument> find(String eventId);
    }

    /** How one flow creates its document from the event's payload, in the plant's ERP time zone. */
    public interface Creator<T> {
        ErpDocument create(String eventId, T payload, ZoneId erpZone);
    }

    /** Creates the flow's document for an event id in the plant's ERP time zone. */
    public interface ErpCall {
        ErpDocument create(String eventId, ZoneId erpZone);
    }

    /** What to do with one event: book it in the ERP (with its finder), or only record it with a note. */
    public record Outcome(Finder finder, ErpCall create, String note) {

        public static Outcome erp(Finder finder, ErpCall create) {
            return new Outcome(finder, create, null);
        }

        public static Outcome local(String note) {
            return new Outcome(null, null, note);
        }
    }

    private final Ledger ledger;
    private final Holds holds;
    private final ErpGuard guard;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;
    private final int poisonAttempts;
    private final boolean holdOnRefusal;
    /**
     * How long one delivery holds its claim on an event: a look-up and a create, each perhaps repeated once for CSRF,
     * and the settle time (a claim left by a killed hub covers a create the ERP may still be working on).
     */
    private final java.time.Duration claimFor;
    private final java.time.Duration settleTime;

    public ExactlyOncePosting(Ledger ledger, Holds holds, ErpGuard guard, PlantRegistry plants, ObjectMapper mapper,
            HubProperties properties) {
        this.ledger = ledger;
        this.holds = holds;
        this.guard = guard;
        this.plants = plants;
        this.mapper = mapper;
        this.poisonAttempts = properties.erp().poison().maxAttempts();
        this.holdOnRefusal = properties.erp().poison().holdOrderOnRefusal();
        this.settleTime = properties.erp().settleTime();
        this.claimFor = properties.erp().connectTimeout().plus(properties.erp().readTimeout()).multipliedBy(4)
                .plus(settleTime);
    }

    /** How long one delivery holds its claim on one event. */
    java.time.Duration claimFor() {
        return claimFor;
    }

    /** How long the ERP may still be working on a create whose answer never came. */
    java.time.Duration settleTime() {
        return settleTime;
    }

    /** Reads the event and its payload, then books it once with the flow's finder and creator. */
    public <T> void post(String flow, Class<T> payloadType, String body, Exchange exchange, Finder finder,
            Creator<T> creator) {
        post(flow, payloadType, body, exchange, (event, payload) -> Outcome.erp(finder,
                (eventId, erpZone) -> creator.create(eventId, payload, erpZone)));
    }

    /**
     * Reads the event and its payload; {@code decide} says whether the ERP gets a document or the hub only records it.
     * While an earlier event of the same order and flow is in the exception queue, the event is held in the ledger
     * instead; once nothing holds the order, its held events are booked first, in the order they came.
     */
    public <T> void post(String flow, Class<T> payloadType, String body, Exchange exchange,
            BiFunction<CloudEvent, T, Outcome> decide) {
        CloudEvent event = read(body);
        EventRecord record = ledger.find(event.id()).orElseGet(() -> adopt(flow, event, body));
        if (record.status() == EventStatus.POSTED) {
            LOG.info("Event {} of order {} is already {}; delivery ignored", event.id(), event.subject(), record.status());
            drainHeld(flow, payloadType, event.subject(), exchange, decide);
            return;
        }
        if (record.status() == EventStatus.EXCEPTION) {
            LOG.info("Event {} of order {} is already {}; delivery ignored", event.id(), event.subject(), record.status());
            return;
        }
        if (record.poisonAttempts() >= poisonAttempts) {
            // given up on: every delivery is refused at once until the broker moves the message to its dead-letter queue
            throw new PoisonMessageException(event.id(), record.poisonAttempts(), record.lastError());
        }
        if (record.status() != EventStatus.HELD && redelivered(exchange)) {
            // a message handed back after a hub died may come before an earlier one of its order (Holds.earlierUnfinished)
            Optional<String> earlier = this.holds.earlierUnfinished(flow, event.subject(), event.id(), record.eventTime());
            if (earlier.isPresent()) {
                this.holds.markHeld(event.id(), event.subject(), earlier.get(), "an earlier event of the order that is not"
                        + " booked yet (the broker delivered this one again first)");
                LOG.info("Event {} of order {} held behind earlier event {}, not booked yet", event.id(), event.subject(),
                        earlier.get());
                return;
            }
        }
        Holds.OrderHolds holds = this.holds.holds(flow, event.subject(), event.id(), record.eventTime());
        Optional<String> blocker = holds.blocker();
        if (blocker.isPresent()) {
            if (record.status() != EventStatus.HELD) {
                this.holds.markHeld(event.id(), event.subject(), blocker.get());
                LOG.info("Event {} of order {} held behind event {}, which is in the exception queue", event.id(),
                        event.subject(), blocker.get());
            }
            return;
        }
        if (record.status() == EventStatus.HELD) {
            // released (its blocker was discarded): it and the others held after it, in order
            drainHeld(flow, payloadType, event.subject(), exchange, decide);
            return;
        }
        if (!record.blocking() && holds.held() && !drainHeld(flow, payloadType, event.subject(), exchange, decide)) {
            // a held event became an exception that holds the order again; this one waits too if it came after it
            Optional<String> now = this.holds.blocker(flow, event.subject(), event.id(), record.eventTime());
            if (now.isPresent()) {
                this.holds.markHeld(event.id(), event.subject(), now.get());
                return;
            }
        }
        postOne(payloadType, event, record, exchange, decide);
        if (record.blocking() || holds.held()) {
            // a replayed exception is booked, or an earlier event that others of the order were held behind: what waited
            // behind it follows
            drainHeld(flow, payloadType, event.subject(), exchange, decide);
        }
    }

    /**
     * Books the order's held events of this flow in the order they were held. A held event the ERP refuses becomes an
     * exception (holding the rest only with hold-order-on-refusal); one that turns out a poison message holds the rest.
     *
     * @return whether the order holds nothing any more
     */
    private <T> boolean drainHeld(String flow, Class<T> payloadType, String orderNo, Exchange exchange,
            BiFunction<CloudEvent, T, Outcome> decide) {
        if (orderNo == null) {
            return true;
        }
        for (EventRecord held : this.holds.held(flow, orderNo)) {
            if (this.holds.blocker(flow, orderNo, held.eventId(), held.eventTime()).isPresent()
                    || this.holds.earlierUnfinished(flow, orderNo, held.eventId(), held.eventTime()).isPresent()) {
                return false;
            }
            LOG.info("Held event {} of order {} is released", held.eventId(), orderNo);
            try {
                postOne(payloadType, read(held.payload()), held, exchange, decide);
            } catch (ErpRejectedException | InvalidEventException e) {
                String why = e instanceof ErpRejectedException ? "ERP refused the posting: " : "event is invalid: ";
                ledger.markException(held.eventId(), flow, held.plant(), orderNo, why + e.getMessage(), held.payload(),
                        holdOnRefusal);
                if (holdOnRefusal) {
                    return false;
                }
            } catch (PoisonMessageException e) {
                // it has no message of its own to dead-letter: it is an exception in the ledger, and holds the rest
                ledger.markException(held.eventId(), flow, held.plant(), orderNo, e.getMessage(), held.payload(), true);
                return false;
            }
        }
        return true;
    }

    private <T> void postOne(Class<T> payloadType, CloudEvent event, EventRecord record, Exchange exchange,
            BiFunction<CloudEvent, T, Outcome> decide) {
        T payload = mapper.convertValue(event.data(), payloadType);
        ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        Outcome outcome;
        try {
            outcome = decide.apply(event, payload);
        } catch (ErpRetryableException | ErpRejectedException e) {
            // a step before or instead of the ERP document failed (e.g. the quality platform is down)
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), record.erpUncertain());
            throw e;
        }
        if (outcome.note() != null) {
            ledger.markPosted(event.id(), event.subject(), "-", outcome.note());
            return;
        }
        book(event, record, exchange, outcome.finder(), eventId -> outcome.create().create(eventId, erpZone));
    }

    /** Whether the broker delivers this message again (JMSRedelivered, as the jms and jms-batch consumers set it). */
    private static boolean redelivered(Exchange exchange) {
        return exchange != null && Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class));
    }

    private CloudEvent read(String body) {
        try {
            return mapper.readValue(body, CloudEvent.class);
        } catch (IOException e) {
            throw new InvalidEventException("event cannot be read: " + e.getMessage());
        }
    }

    private void book(CloudEvent event, EventRecord record, Exchange exchange, Finder finder,
            Function<String, ErpDocument> create) {
        // Set once the look-up (if any) is done and the create call is about to go out.
        boolean[] posting = {false};
        // set when the ERP answered the look-up: it is up, so a 500 on the create is about this event
        boolean[] answered = {false};
        // one delivery at a time asks or posts for an event; the doubt is read as it stands once the claim is held
        boolean uncertainBefore = ledger.claimPosting(event.id(), OffsetDateTime.now(ZoneOffset.UTC).plus(claimFor))
                .orElseThrow(() -> new PostingInProgressException(event.id(), claimFor));
        try {
            ErpDocument document = guard.call(exchange, () -> {
                if (uncertainBefore) {
                    Optional<ErpDocument> found = finder.find(event.id());
                    answered[0] = true;
                    if (found.isPresent()) {
                        ledger.markPosted(event.id(), event.subject(), found.get().number(), "found in ERP");
                        return null;
                    }
                }
                posting[0] = true;
                if (uncertainBefore) {
                    // without doubt the claim marked it already
                    ledger.markPosting(event.id());
                }
                return create.apply(event.id());
            }, () -> answered[0]);
            if (document != null) {
                ledger.markPosted(event.id(), event.subject(), document.number(), "posted");
            }
        } catch (ErpRetryableException e) {
            // A failed look-up leaves the earlier doubt; a failed create is doubtful only if it may have booked.
            boolean uncertain = posting[0] ? e.mayHaveBooked() : uncertainBefore;
            // the ERP may still be working on the create: nobody asks it about the event before it has settled
            OffsetDateTime settled = posting[0] && e.mayStillBeProcessing()
                    ? OffsetDateTime.now(ZoneOffset.UTC).plus(settleTime) : null;
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), uncertain, settled,
                    !posting[0] && !uncertainBefore);
            if (e instanceof ErpServerErrorException
                    && (answered[0] || guard.breaker().getState() == CircuitBreaker.State.CLOSED)) {
                poisonCheck(event, e.getMessage());
            }
            throw e;
        } catch (ErpRejectedException e) {
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), false);
            throw e;
        } catch (InvalidEventException | DataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            // not the ERP: the hub itself fails on this event (a mapping it cannot apply, a bug)
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            ledger.markFailed(event.id(), event.subject(), "the hub failed on this event: " + why, posting[0]
                    || uncertainBefore);
            poisonCheck(event, why);
            throw new ErpAmbiguousException("the hub failed on event " + event.id() + ": " + why, e);
        }
    }

    /** Counts a failure the ERP's health does not explain; at the limit the event is a poison message. */
    void poisonCheck(CloudEvent event, String lastError) {
        int attempts = ledger.countPoisonAttempt(event.id());
        if (attempts >= poisonAttempts) {
            ledger.markPoisoned(event.id(), event.subject(), attempts, lastError);
            LOG.warn("Event {} of order {} failed {} times while the ERP booked others; it goes to the dead-letter queue and"
                    + " the order's later events wait behind it. Last error: {}", event.id(), event.subject(), attempts,
                    lastError);
            throw new PoisonMessageException(event.id(), attempts, lastError);
        }
    }

    /** An event that reached the queue without passing the hub's intake (e.g. put there by a plant or a replay). */
    private EventRecord adopt(String flow, CloudEvent event, String body) {
        NewEvent fresh = new NewEvent(event.id(), flow, event.plant(), event.subject(), "jms", body, event.time());
        ledger.recordValidated(List.of(fresh));
        ledger.markQueued(List.of(fresh), "jms");
        return ledger.find(event.id()).orElseThrow();
    }
}
