package io.meserp.hub.confirmation;

import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Posts a confirmation to {@code ProdnOrdConf2} exactly once; the key is the event id in {@code ExternalSystemConfirmation}. */
@Component("confirmationPoster")
public class ConfirmationPoster {

    private final ExactlyOncePosting posting;
    private final ErpConfirmationClient erp;

    public ConfirmationPoster(ExactlyOncePosting posting, ErpConfirmationClient erp) {
        this.posting = posting;
        this.erp = erp;
    }

    public void post(String body, Exchange exchange) {
        posting.post("confirmation", ProductionConfirmation.class, body, exchange, erp::findByExternalId, erp::create);
    }
}
