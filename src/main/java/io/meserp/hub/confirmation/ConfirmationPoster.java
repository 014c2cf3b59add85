package io.meserp.hub.confirmation;

import java.util.List;

import io.meserp.hub.erp.BatchPosting;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.erp.connector.Capability;
import io.meserp.hub.erp.connector.ErpConnectors;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Posts a confirmation exactly once through the plant's ERP connector (mappings/erp/<name>/connector.yaml; the built-in s4
 * and soap keep the event id in the document).
 */
@Component("confirmationPoster")
public class ConfirmationPoster {

    private final ExactlyOncePosting posting;
    private final BatchPosting batches;
    private final ErpConnectors connectors;

    public ConfirmationPoster(ExactlyOncePosting posting, BatchPosting batches, ErpConnectors connectors) {
        this.posting = posting;
        this.batches = batches;
        this.connectors = connectors;
    }

    public void post(String body, Exchange exchange) {
        posting.post("confirmation", ProductionConfirmation.class, body, exchange, (event, payload) -> connectors.outcome(Capability.CONFIRMATION, event));
    }

    /** A batch from the queue; returns the events that need nothing more from this delivery. */
    public List<String> postAll(List<String> bodies, Exchange exchange) {
        return batches.post("confirmation", ProductionConfirmation.class, bodies, exchange,
                (event, payload) -> connectors.outcome(Capability.CONFIRMATION, event));
    }
}
