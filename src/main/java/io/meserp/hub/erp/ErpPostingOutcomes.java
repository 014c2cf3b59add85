package io.meserp.hub.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.EventType;
import io.meserp.hub.ledger.Ledger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Error-policy step of every ERP route: an event the ERP refused (or that fails its schema) becomes an exception. */
@Component("erpPostingOutcomes")
public class ErpPostingOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ErpPostingOutcomes.class);

    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final boolean holdOnRefusal;

    public ErpPostingOutcomes(Ledger ledger, ObjectMapper mapper, HubProperties properties) {
        this.ledger = ledger;
        this.mapper = mapper;
        this.holdOnRefusal = properties.erp().poison().holdOrderOnRefusal();
    }

    public void toException(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String body = exchange.getIn().getBody(String.class);
        String reason = cause instanceof ErpRejectedException
                ? "ERP refused the posting: " + cause.getMessage()
                : "event fails its schema: " + (cause == null ? "unknown" : cause.getMessage());
        String eventId = exchange.getIn().getHeader("hubEventId", String.class);
        String order = exchange.getIn().getHeader("JMSXGroupID", String.class);
        String plant = exchange.getIn().getHeader("hubPlant", String.class);
        String flow = exchange.getIn().getHeader("hubFlow", String.class);
        try {
            JsonNode event = mapper.readTree(body);
            eventId = event.path("id").asText(eventId);
            order = event.path("subject").asText(order);
            String source = event.path("source").asText("");
            plant = source.startsWith("mes://") ? source.substring(6) : plant;
            flow = EventType.ofType(event.path("type").asText()).map(EventType::flow).orElse(flow);
        } catch (Exception unreadable) {
            // the headers set by the publisher still identify it
        }
        LOG.warn("Event {} of order {} became an exception: {}", eventId, order, reason);
        ledger.markException(eventId, flow == null ? "unknown" : flow, plant, order, reason, body, holdOnRefusal);
    }
}
