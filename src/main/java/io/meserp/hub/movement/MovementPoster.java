package io.meserp.hub.movement;

import java.time.ZoneId;
import java.util.Optional;

import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Posts a goods movement as a material document exactly once; its idempotency key is the ReferenceDocument. */
@Component("movementPoster")
public class MovementPoster {

    private final ExactlyOncePosting posting;
    private final ErpMaterialDocumentClient erp;
    private final PlantRegistry plants;

    public MovementPoster(ExactlyOncePosting posting, ErpMaterialDocumentClient erp, PlantRegistry plants) {
        this.posting = posting;
        this.erp = erp;
        this.plants = plants;
    }

    public void post(String body, Exchange exchange) {
        CloudEvent event = posting.read(body);
        MaterialMovement movement = posting.data(event, MaterialMovement.class);
        ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        posting.post("movement", event, body, exchange, new ExactlyOncePosting.Booking() {
            @Override
            public Optional<ErpDocument> find(CloudEvent e) {
                return erp.findByReference(e.id());
            }

            @Override
            public ErpDocument create(CloudEvent e) {
                return erp.create(e.id(), movement, erpZone);
            }
        });
    }
}
