package io.meserp.hub.confirmation;

import java.time.ZoneId;
import java.util.Optional;

import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Posts a confirmation event to {@code ProdnOrdConf2} exactly once; its idempotency key is the event id in
 * {@code ExternalSystemConfirmation}. Dates and times go in the plant's ERP time zone.
 */
@Component("confirmationPoster")
public class ConfirmationPoster {

    private final ExactlyOncePosting posting;
    private final ErpConfirmationClient erp;
    private final PlantRegistry plants;

    public ConfirmationPoster(ExactlyOncePosting posting, ErpConfirmationClient erp, PlantRegistry plants) {
        this.posting = posting;
        this.erp = erp;
        this.plants = plants;
    }

    public void post(String body, Exchange exchange) {
        CloudEvent event = posting.read(body);
        ProductionConfirmation confirmation = posting.data(event, ProductionConfirmation.class);
        ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        posting.post("confirmation", event, body, exchange, new ExactlyOncePosting.Booking() {
            @Override
            public Optional<ErpDocument> find(CloudEvent e) {
                return erp.findByExternalId(e.id());
            }

            @Override
            public ErpDocument create(CloudEvent e) {
                return erp.create(e.id(), confirmation, erpZone);
            }
        });
    }
}
