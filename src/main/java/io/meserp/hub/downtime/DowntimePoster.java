package io.meserp.hub.downtime;

import io.meserp.hub.erp.ErpMaintenanceNotificationClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Records every downtime's minutes once; for a breakdown reason of the plant, opens a maintenance notification
 * in the ERP exactly once (key {@code MaintNotifExtReferenceNumber}). Other reasons are only counted.
 */
@Component("downtimePoster")
public class DowntimePoster {

    private final ExactlyOncePosting posting;
    private final ErpMaintenanceNotificationClient erp;
    private final PlantRegistry plants;
    private final DowntimeLog log;

    public DowntimePoster(ExactlyOncePosting posting, ErpMaintenanceNotificationClient erp, PlantRegistry plants,
            DowntimeLog log) {
        this.posting = posting;
        this.erp = erp;
        this.plants = plants;
        this.log = log;
    }

    public void post(String body, Exchange exchange) {
        posting.post("downtime", DowntimeEvent.class, body, exchange, (event, downtime) -> {
            PlantDefinition plant = plants.find(event.plant())
                    .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
            boolean breakdown = plant.downtime().isBreakdown(downtime.reasonCode());
            log.record(event.id(), plant.id(), downtime, breakdown);
            if (!breakdown) {
                return ExactlyOncePosting.Outcome.local("recorded " + downtime.minutes().stripTrailingZeros().toPlainString()
                        + " min; reason " + downtime.reasonCode() + " is not a breakdown, no notification");
            }
            return ExactlyOncePosting.Outcome.erp(erp::findByReference,
                    (eventId, erpZone) -> erp.create(eventId, downtime, erpZone, plant.downtime()));
        });
    }
}
