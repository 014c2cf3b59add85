package io.meserp.hub.confirmation;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpGuard;
import io.meserp.hub.erp.ErpRejectedException;
import io.meserp.hub.erp.ErpRetryableException;
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
 * Posts one confirmation event to the ERP exactly once. Before each POST the ledger marks the event's ERP
 * outcome uncertain; only a clear answer clears it. Whenever an earlier attempt left it uncertain (a timeout,
 * a reset, a 5xx, or a crash of the hub mid-call), the ERP is first asked whether it holds the event's
 * {@code ExternalSystemConfirmation}; if it does, that booking is recorded instead of posting again.
 */
@Component("confirmationPoster")
public class ConfirmationPoster {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmationPoster.class);

    private final Ledger ledger;
    private final ErpConfirmationClient erp;
    private final ErpGuard guard;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;

    public ConfirmationPoster(Ledger ledger, ErpConfirmationClient erp, ErpGuard guard, PlantRegistry plants,
            ObjectMapper mapper) {
        this.ledger = ledger;
        this.erp = erp;
        this.guard = guard;
        this.plants = plants;
        this.mapper = mapper;
    }

    public void post(String body, Exchange exchange) {
        CloudEvent event = read(body);
        ProductionConfirmation confirmation = mapper.convertValue(event.data(), ProductionConfirmation.class);
        EventRecord record = ledger.find(event.id()).orElseGet(() -> adopt(event, body));
        if (record.status() == EventStatus.POSTED || record.status() == EventStatus.EXCEPTION) {
            LOG.info("Event {} of order {} is already {}; delivery ignored", event.id(), event.subject(), record.status());
            return;
        }
        ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        // Set once the look-up (if any) is done and the POST is about to go out.
        boolean[] posting = {false};
        try {
            ErpDocument document = guard.call(exchange, () -> {
                if (record.erpUncertain()) {
                    Optional<ErpDocument> found = erp.findByExternalId(event.id());
                    if (found.isPresent()) {
                        ledger.markPosted(event.id(), event.subject(), found.get().number(), "found in ERP");
                        return null;
                    }
                }
                posting[0] = true;
                ledger.markPosting(event.id());
                return erp.create(event.id(), confirmation, erpZone);
            });
            if (document != null) {
                ledger.markPosted(event.id(), event.subject(), document.number(), "posted");
            }
        } catch (ErpRetryableException e) {
            // A failed look-up leaves the earlier doubt; a failed POST is doubtful only if it may have booked.
            boolean uncertain = posting[0] ? e.mayHaveBooked() : record.erpUncertain();
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), uncertain);
            throw e;
        } catch (ErpRejectedException e) {
            ledger.markFailed(event.id(), event.subject(), e.getMessage(), false);
            throw e;
        }
    }

    /** An event that reached the queue without passing the hub's intake (e.g. put there by a plant or a replay). */
    private EventRecord adopt(CloudEvent event, String body) {
        NewEvent fresh = new NewEvent(event.id(), "confirmation", event.plant(), event.subject(), "jms", body, event.time());
        ledger.recordValidated(List.of(fresh));
        ledger.markQueued(List.of(fresh), "jms");
        return ledger.find(event.id()).orElseThrow();
    }

    private CloudEvent read(String body) {
        try {
            return mapper.readValue(body, CloudEvent.class);
        } catch (IOException e) {
            throw new InvalidEventException("event cannot be read: " + e.getMessage());
        }
    }
}
