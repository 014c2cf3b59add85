package io.meserp.hub.confirmation;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventPublisher;
import io.meserp.hub.event.EventType;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Combines the confirmations of one order, operation and unit for plants with {@code confirmation-aggregation}
 * (like SAP ME's correlation): quantities summed, the earliest start and latest end, final if any was final. The
 * open aggregate lives in a JDBC aggregation repository, so a stop or crash mid-window loses nothing; a member
 * delivered twice is counted once; the combined event's id is a hash of its members' ids, so publishing it again
 * after a crash sends nothing twice.
 */
@Component("confirmationAggregation")
public class ConfirmationAggregation implements AggregationStrategy {

    public static final String KEY = "hubAggregationKey";
    public static final String SIZE = "hubAggregationSize";
    public static final String TIMEOUT = "hubAggregationTimeout";

    private final ObjectMapper mapper;
    private final PlantRegistry plants;
    private final EventPublisher publisher;
    private final EventValidator validator;
    private final Ledger ledger;
    private final String queue;

    public ConfirmationAggregation(ObjectMapper mapper, PlantRegistry plants, EventPublisher publisher,
            EventValidator validator, Ledger ledger, HubProperties properties) {
        this.mapper = mapper;
        this.plants = plants;
        this.publisher = publisher;
        this.validator = validator;
        this.ledger = ledger;
        this.queue = properties.queues().confirmation();
    }

    /** Sets the correlation key and the plant's window (count, timeout in ms) as headers. */
    public void prepare(Exchange exchange) throws IOException {
        CloudEvent event = mapper.readValue(exchange.getIn().getBody(String.class), CloudEvent.class);
        ProductionConfirmation c = mapper.convertValue(event.data(), ProductionConfirmation.class);
        AggregationSettings window = plants.find(event.plant()).map(p -> p.settings(AggregationSettings.SECTION))
                .orElseThrow(() -> new InvalidEventException("plant " + event.plant() + " does not aggregate confirmations"));
        exchange.getIn().setHeader(KEY, String.join("|", event.plant(), c.order(), c.operation(), c.unit()));
        exchange.getIn().setHeader(SIZE, window.count());
        exchange.getIn().setHeader(TIMEOUT, window.seconds() * 1000L);
    }

    /** Keeps the members as a JSON array in the body (what the repository stores), each event once. */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        try {
            JsonNode incoming = mapper.readTree(newExchange.getIn().getBody(String.class));
            ArrayNode members = oldExchange == null ? mapper.createArrayNode()
                    : (ArrayNode) mapper.readTree(oldExchange.getIn().getBody(String.class));
            Set<String> ids = new java.util.HashSet<>(members.findValuesAsText("id"));
            if (!ids.contains(incoming.path("id").asText())) {
                members.add(incoming);
            }
            Exchange target = oldExchange == null ? newExchange : oldExchange;
            target.getIn().setBody(mapper.writeValueAsString(members));
            return target;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("confirmation cannot be aggregated: " + e.getOriginalMessage());
        }
    }

    /** Publishes the combined confirmation and marks its members as aggregated into it. */
    public void complete(String body) throws IOException {
        List<CloudEvent> members = new ArrayList<>();
        for (JsonNode node : mapper.readTree(body)) {
            members.add(mapper.treeToValue(node, CloudEvent.class));
        }
        members.sort(Comparator.comparing(CloudEvent::id));
        List<ProductionConfirmation> parts = members.stream()
                .map(e -> mapper.convertValue(e.data(), ProductionConfirmation.class)).toList();
        ProductionConfirmation first = parts.get(0);
        ProductionConfirmation combined = new ProductionConfirmation(first.order(), first.operation(), first.plant(),
                same(parts.stream().map(ProductionConfirmation::workCenter).toList()),
                sum(parts.stream().map(ProductionConfirmation::yield).toList()),
                sum(parts.stream().map(ProductionConfirmation::scrap).toList()),
                sum(parts.stream().map(ProductionConfirmation::rework).toList()), first.unit(),
                parts.stream().anyMatch(ProductionConfirmation::finalConfirmation),
                parts.stream().map(ProductionConfirmation::executionStart).filter(Objects::nonNull)
                        .min(OffsetDateTime::compareTo).orElse(null),
                parts.stream().map(ProductionConfirmation::executionEnd).max(OffsetDateTime::compareTo).orElseThrow(),
                same(parts.stream().map(ProductionConfirmation::personnel).toList()),
                parts.stream().map(ProductionConfirmation::varianceReason).filter(Objects::nonNull).findFirst().orElse(null),
                null);
        String plant = members.get(0).plant();
        String id = EventIds.of("aggregate", plant, members.stream().map(CloudEvent::id).collect(Collectors.joining(",")));
        CloudEvent event = CloudEvent.of(EventType.PRODUCTION_CONFIRMATION_V1, id, "mes://" + plant, combined.order(),
                combined.executionEnd(), mapper.valueToTree(combined));
        List<String> problems = validator.violations(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException("aggregate of " + members.size() + " confirmations fails its schema: " + problems);
        }
        publisher.publish(queue, List.of(new NewEvent(id, "confirmation", plant, combined.order(),
                "aggregate of " + members.size() + " confirmations", mapper.writeValueAsString(event), event.time())));
        for (CloudEvent member : members) {
            ledger.markPosted(member.id(), member.subject(), "aggregate " + id,
                    "aggregated with " + (members.size() - 1) + " more into");
        }
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The value when all members agree, else none. */
    private static String same(List<String> values) {
        return values.stream().distinct().count() == 1 ? values.get(0) : null;
    }
}
