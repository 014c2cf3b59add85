package io.meserp.hub.erp;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private final ErpGuard guard;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;

    public ExactlyOncePosting(Ledger ledger, ErpGuard guard, PlantRegistry plants, ObjectMapper mapper) {
        this.ledger = ledger;
        this.guard = guard;
        this.plants = plants;
        this.mapper = mapper;
    }

    /** Reads the event and its payload, then books it once with the flow's finder and creator. */
    public <T> void post(String flow, Class<T> payloadType, String body, Exchange exchange, Finder finder,
            Creator<T> creator) {
        post(flow, payloadType, body, exchange, (event, payload) -> Outcome.erp(finder,
                (eventId, erpZone) -> creator.create(eventId, payload, erpZone)));
    }

    /** Reads the event and its payload; {@code decide} says whether the ERP gets a document or the hub only records it. */
    public <T> void post(String flow, Class<T> payloadType, String body, Exchange exchange,
            java.util.function.BiFunction<CloudEvent, T, Outcome> decide) {
        CloudEvent event;
        try {
            event = mapper.readValue(body, CloudEvent.class);
        } catch (IOException e) {
            throw new InvalidEventException("event cannot be read: " + e.getMessage());
        }
        T payload = mapper.convertValue(event.data(), payloadType);
        ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        EventRecord record = ledger.find(event.id()).orElseGet(() -> adopt(flow, event, body));
        if (record.status() == EventStatus.POSTED || record.status() == EventStatus.EXCEPTION) {
            LOG.info("Event {} of order {} is already {}; delivery ignored", event.id(), event.subject(), record.status());
            return;
        }
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

    private void book(CloudEvent event, EventRecord record, Exchange exchange, Finder finder,
            java.util.function.Function<String, ErpDocument> create) {
        // Set once the look-up (if any) is done and the create call is about to go out.
        boolean[] posting = {false};
        try {
            ErpDocument document = guard.call(exchange, () -> {
                if (record.erpUncertain()) {
                    Optional<ErpDocument> found = finder.find(event.id());
                    if (found.isPresent()) {
                        ledger.markPosted(event.id(), event.subject(), found.get().number(), "found in ERP");
                        return null;
                    }
                }
                posting[0] = true;
                ledger.markPosting(event.id());
                return create.apply(event.id());
            });
            if (document != null) {
                ledger.markPosted(event.id(), event.subject(), document.number(), "posted");
            }
        } catch (ErpRetryableException e) {
            // A failed look-up leaves the earlier doubt; a failed create is doubtful only if it may have booked.
            boolean uncertain = posting[0] ? e.mayHaveBooked() : record.erpUncertain();
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), uncertain);
            throw e;
        } catch (ErpRejectedException e) {
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), false);
            throw e;
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
