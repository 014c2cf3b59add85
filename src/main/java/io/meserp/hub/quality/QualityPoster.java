package io.meserp.hub.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meserp.hub.erp.BatchPosting;
import io.meserp.hub.erp.ErpGuard;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.erp.connector.Capability;
import io.meserp.hub.erp.connector.ErpConnectors;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.Actions;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What a quality event sets off. A pass is recorded on the order's trace. A failed inspection or a
 * nonconformance, in this order and each exactly once (hub_action): a quality notification in the ERP, the order
 * put on hold (a user status), both through the plant's ERP connector, a case on the quality platform, and an exception for a person to review. If a
 * step fails (the quality platform is down, say) the event is retried and only what is left is done.
 */
@Component("qualityPoster")
public class QualityPoster {

    private final ExactlyOncePosting posting;
    private final BatchPosting batches;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private final ErpConnectors erp;
    private final ErpGuard guard;
    private final QualityPlatformClient qms;
    private final Actions actions;
    private final Ledger ledger;
    private final PlantRegistry plants;

    public QualityPoster(ExactlyOncePosting posting, BatchPosting batches, ErpConnectors erp, ErpGuard guard,
            QualityPlatformClient qms, Actions actions, Ledger ledger, PlantRegistry plants,
            com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.posting = posting;
        this.batches = batches;
        this.mapper = mapper;
        this.erp = erp;
        this.guard = guard;
        this.qms = qms;
        this.actions = actions;
        this.ledger = ledger;
        this.plants = plants;
    }

    public void post(String body, Exchange exchange) {
        posting.post("quality", QualityEvent.class, body, exchange, (event, q) -> decide(event, q, body, exchange));
    }

    /**
     * A batch from the queue; returns the events that need nothing more from this delivery. The review record keeps the
     * event as the hub writes it.
     */
    public List<String> postAll(List<String> bodies, Exchange exchange) {
        return batches.post("quality", QualityEvent.class, bodies, exchange, (event, q) -> {
            try {
                return decide(event, q, mapper.writeValueAsString(event), null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private ExactlyOncePosting.Outcome decide(CloudEvent event, QualityEvent q, String body, Exchange exchange) {
        if (q.passed()) {
            return ExactlyOncePosting.Outcome.local(q.summary());
        }
        PlantDefinition plant = plants.find(event.plant())
                .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
        return ExactlyOncePosting.Outcome.local(react(event, q, plant, body, exchange));
    }

    private String react(CloudEvent event, QualityEvent q, PlantDefinition plant, String body, Exchange exchange) {
        String key = event.id() + ":";
        // the connector payloads: the event's canonical data with what the plant's quality settings add
        ObjectNode notice = (ObjectNode) event.data().deepCopy();
        notice.put("summary", q.summary());
        notice.put("notificationType", plant.settings(QualitySettings.SECTION).notificationType());
        String notification = actions.once(key + "quality-notification", () -> guard.call(exchange,
                () -> erp.findOrCreate(Capability.QUALITY_NOTIFICATION, plant.id(), event.id(), notice)).number());
        if (q.order() != null) {
            ObjectNode hold = JsonNodeFactory.instance.objectNode();
            hold.put("order", q.order());
            hold.put("status", plant.settings(QualitySettings.SECTION).holdStatus());
            hold.put("plant", q.plant());
            hold.put("reason", q.summary());
            hold.put("qualityNotification", notification);
            actions.once(key + "hold", () -> {
                guard.call(exchange, () -> erp.findOrCreate(Capability.ORDER_HOLD, plant.id(), event.id(), hold));
                return plant.settings(QualitySettings.SECTION).holdStatus();
            });
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", q.summary());
        details.put("plant", plant.id());
        details.put("order", q.order());
        details.put("material", q.material());
        details.put("batch", q.batch());
        details.put("kind", q.kind());
        details.put("qualityNotification", notification);
        details.put("event", event.data());
        String qmsCase = actions.once(key + "qms-case", () -> qms.openCase(event.id(), details));
        String outcome = q.summary() + "; quality notification " + notification
                + (q.order() == null ? "" : ", order " + q.order() + " on " + plant.settings(QualitySettings.SECTION).holdStatus())
                + ", case " + qmsCase;
        actions.once(key + "review", () -> {
            ledger.recordReview(event.id(), "quality", plant.id(), q.order(), outcome, body);
            return "open";
        });
        return outcome;
    }
}
