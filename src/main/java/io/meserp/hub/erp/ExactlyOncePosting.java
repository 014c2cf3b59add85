package io.meserp.hub.erp;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
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

    /** How one flow finds and creates its document in the ERP. */
    public interface Booking {
        Optional<ErpDocument> find(CloudEvent event);

        ErpDocument create(CloudEvent event);
    }

    private final Ledger ledger;
    private final ErpGuard guard;
    private final ObjectMapper mapper;

    public ExactlyOncePosting(Ledger ledger, ErpGuard guard, ObjectMapper mapper) {
        this.ledger = ledger;
        this.guard = guard;
        this.mapper = mapper;
    }

    public CloudEvent read(String body) {
        try {
            return mapper.readValue(body, CloudEvent.class);
        } catch (IOException e) {
            throw new InvalidEventException("event cannot be read: " + e.getMessage());
        }
    }

    public <T> T data(CloudEvent event, Class<T> type) {
        return mapper.convertValue(event.data(), type);
    }

    public void post(String flow, CloudEvent event, String body, Exchange exchange, Booking booking) {
        EventRecord record = ledger.find(event.id()).orElseGet(() -> adopt(flow, event, body));
        if (record.status() == EventStatus.POSTED || record.status() == EventStatus.EXCEPTION) {
            LOG.info("Event {} of order {} is already {}; delivery ignored", event.id(), event.subject(), record.status());
            return;
        }
        // Set once the look-up (if any) is done and the create call is about to go out.
        boolean[] posting = {false};
        try {
            ErpDocument document = guard.call(exchange, () -> {
                if (record.erpUncertain()) {
                    Optional<ErpDocument> found = booking.find(event);
                    if (found.isPresent()) {
                        ledger.markPosted(event.id(), event.subject(), found.get().number(), "found in ERP");
                        return null;
                    }
                }
                posting[0] = true;
                ledger.markPosting(event.id());
                return booking.create(event);
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
