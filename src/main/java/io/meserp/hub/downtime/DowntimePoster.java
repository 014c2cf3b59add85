package io.meserp.hub.downtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

import io.meserp.hub.erp.BatchPosting;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.erp.connector.Capability;
import io.meserp.hub.erp.connector.ErpConnectors;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Records every downtime's minutes once; for a breakdown reason of the plant, opens a maintenance notification
 * in the ERP exactly once, through the plant's ERP connector. Other reasons are only counted.
 */
@Component("downtimePoster")
public class DowntimePoster {

    private final ExactlyOncePosting posting;
    private final BatchPosting batches;
    private final ErpConnectors erp;
    private final PlantRegistry plants;
    private final DowntimeLog log;

    public DowntimePoster(ExactlyOncePosting posting, BatchPosting batches, ErpConnectors erp, PlantRegistry plants,
            DowntimeLog log) {
        this.posting = posting;
        this.batches = batches;
        this.erp = erp;
        this.plants = plants;
        this.log = log;
    }

    public void post(String body, Exchange exchange) {
        posting.post("downtime", DowntimeEvent.class, body, exchange, this::decide);
    }

    /** A batch from the queue; returns the events that need nothing more from this delivery. */
    public List<String> postAll(List<String> bodies, Exchange exchange) {
        return batches.post("downtime", DowntimeEvent.class, bodies, exchange, this::decide);
    }

    private ExactlyOncePosting.Outcome decide(CloudEvent event, DowntimeEvent downtime) {
        PlantDefinition plant = plants.find(event.plant())
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        boolean breakdown = plant.settings(DowntimeSettings.SECTION).isBreakdown(downtime.reasonCode());
        log.record(event.id(), plant.id(), downtime, breakdown);
        if (!breakdown) {
            return ExactlyOncePosting.Outcome.local("recorded " + downtime.minutes().stripTrailingZeros().toPlainString()
                    + " min; reason " + downtime.reasonCode() + " is not a breakdown, no notification");
        }
        // the connector payload: the event's canonical data with what the plant's downtime settings add
        ObjectNode notice = (ObjectNode) event.data().deepCopy();
        notice.put("notificationType", plant.settings(DowntimeSettings.SECTION).notificationType());
        notice.put("priority", plant.settings(DowntimeSettings.SECTION).priority());
        if (plant.settings(DowntimeSettings.SECTION).codeGroup() != null) {
            notice.put("codeGroup", plant.settings(DowntimeSettings.SECTION).codeGroup());
        }
        return erp.outcome(Capability.MAINTENANCE_NOTIFICATION, event, notice);
    }
}
