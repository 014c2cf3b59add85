package io.meserp.hub.release;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meserp.hub.erp.connector.Capability;
import io.meserp.hub.erp.connector.ErpConnector;
import io.meserp.hub.erp.connector.ErpConnectors;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventType;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerSearch;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.ReleaseSettings;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Workflow W1, the steps of routes/order-release.camel.yaml: read released orders changed since the watermark
 * (or the one an ERP event names), check each before it reaches a plant (the plant is known and receives
 * orders, the order has a routing, every component is in stock unless the order type skips that check), and
 * turn a valid one into the plant's document. The event id is a hash of order and LastChangeDateTime, so a push
 * and a poll of the same version publish it once, and every change in the ERP is evaluated anew: an order held
 * back becomes an exception and is looked at again when it changes. A version whose quantity, dates, routing and
 * components equal the last one delivered is not sent again.
 */
@Component("orderRelease")
public class OrderRelease {

    private static final Logger LOG = LoggerFactory.getLogger(OrderRelease.class);
    static final String WATERMARK = "order-release";
    /** Header: the hub plant whose ERP connector is asked for a pushed or re-checked order. */
    public static final String PLANT = "hubPlant";
    /** Header: the ERP connector an ERP's pushed event came from (its CloudEvents source erp://<connector>). */
    public static final String CONNECTOR = "hubConnector";
    public static final String OUTCOME = "hubReleaseOutcome";
    /** Set on a replay of a held order: check the same order version again. */
    public static final String RECHECK = "hubReleaseRecheck";
    static final String CHANNEL = "hubReleaseChannel";
    static final String QUEUE = "hubReleaseQueue";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final ErpConnectors connectors;
    private final PlantRegistry plants;
    private final Ledger ledger;
    private final LedgerSearch search;
    private final EventValidator validator;
    private final Watermarks watermarks;
    private final ObjectMapper mapper;
    private final String erpSystem;
    private final String startFrom;
    private final int pageSize;
    private final java.time.Duration startLookback;

    public OrderRelease(ErpConnectors connectors, PlantRegistry plants, Ledger ledger, LedgerSearch search,
            EventValidator validator, Watermarks watermarks, ObjectMapper mapper, @Value("${hub.release.erp-system}") String erpSystem,
            @Value("${hub.release.start-from}") String startFrom, @Value("${hub.release.page-size}") int pageSize,
            @Value("${hub.release.start-lookback}") java.time.Duration startLookback) {
        this.connectors = connectors;
        this.plants = plants;
        this.ledger = ledger;
        this.search = search;
        this.validator = validator;
        this.watermarks = watermarks;
        this.mapper = mapper;
        this.erpSystem = erpSystem;
        this.startFrom = startFrom;
        this.pageSize = pageSize;
        this.startLookback = startLookback;
    }

    /**
     * One page of released orders changed since the watermark, oldest first, from each ERP connector a plant receives
     * orders through (each with its own watermark); each order as {@code {connector, order}}. The next watermarks go in a
     * header.
     */
    public List<JsonNode> changedOrders(Exchange exchange) {
        Map<String, String> next = new LinkedHashMap<>();
        List<JsonNode> out = new ArrayList<>();
        for (ErpConnector connector : connectors.releasing()) {
            String key = watermarkKey(connector.name());
            String mark = watermarks.get(key).orElseGet(() -> {
                String first = "all".equalsIgnoreCase(startFrom) ? "00000000000000"
                        : "now".equalsIgnoreCase(startFrom)
                                ? STAMP.format(LocalDateTime.now(ZoneOffset.UTC).minus(startLookback)) : startFrom;
                watermarks.set(key, first);
                return first;
            });
            List<JsonNode> orders = connector.releasedSince(mark, pageSize);
            next.put(key, orders.stream().map(o -> o.path("changeStamp").asText()).max(String::compareTo).orElse(mark));
            orders.forEach(o -> out.add(versionOf(connector, o)));
        }
        exchange.getIn().setHeader("hubReleaseWatermarks", next);
        return out;
    }

    /** After every order of the page is handled: later polls start at the newest change seen, per connector. */
    public void advanceWatermark(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> next = exchange.getIn().getHeader("hubReleaseWatermarks", Map.class);
        next.forEach(watermarks::set);
    }

    /** The S/4 connector keeps the watermark it had before connectors; others have one each. */
    static String watermarkKey(String connector) {
        return "s4".equals(connector) ? WATERMARK : WATERMARK + ":" + connector;
    }

    /**
     * The order an ERP event (or a replay of a held release) names, as the ERP has it now: asked of the connector in
     * header {@link #CONNECTOR} (the ERP push API), else of the connector of the plant in header {@link #PLANT} (a
     * replay), else of the S/4 connector (an S/4 business event names no connector).
     */
    public JsonNode fetch(String order, Exchange exchange) {
        String named = exchange.getIn().getHeader(CONNECTOR, String.class);
        String plant = exchange.getIn().getHeader(PLANT, String.class);
        ErpConnector connector = named != null && !named.isBlank()
                ? connectors.find(named).orElseThrow(() -> new IllegalArgumentException("no ERP connector " + named))
                : plant != null && plants.find(plant).isPresent() ? connectors.forPlant(plant)
                : connectors.find("s4").orElseThrow();
        if (!connector.capabilities().contains(io.meserp.hub.erp.connector.Capability.ORDER)) {
            throw new IllegalArgumentException("ERP connector " + connector.name() + " offers no order: it cannot say"
                    + " what order " + order + " is now");
        }
        return versionOf(connector, connector.order(order)
                .orElseThrow(() -> new IllegalArgumentException("order " + order + " is not in the ERP " + connector.name())));
    }

    private JsonNode versionOf(ErpConnector connector, JsonNode order) {
        ObjectNode version = mapper.createObjectNode();
        version.put("connector", connector.name());
        version.set("order", order);
        return version;
    }

    /**
     * Checks one order version and, when it may go to the plant, leaves the document as body with the delivery
     * headers; {@code hubReleaseOutcome} says publish, held, unchanged or duplicate.
     */
    public synchronized void evaluate(JsonNode version, Exchange exchange) {
        ErpConnector connector = connectors.find(version.path("connector").asText())
                .orElseThrow(() -> new IllegalArgumentException("no ERP connector " + version.path("connector")));
        ObjectNode data = ((ObjectNode) version.path("order")).deepCopy();
        String orderNo = data.path("order").asText();
        String changeStamp = data.path("changeStamp").asText();
        // the S/4 connector's ids stay as they were before connectors (erp-system); others are named by the connector
        String system = "s4".equals(connector.name()) ? erpSystem : connector.name();
        String id = EventIds.of("erp", system, "release", orderNo, changeStamp);
        Optional<EventRecord> known = ledger.find(id);
        if (known.isPresent() && !sameVersion(known.get(), data)) {
            // changed again within the second its stamp counts (Tryton's write_date, S/4's LastChangeDateTime): a
            // version of its own, named by its content, or the change would pass as a duplicate and never reach the plant
            id = EventIds.of("erp", system, "release", orderNo, changeStamp, data.toString());
            known = ledger.find(id);
        }
        exchange.getIn().setHeader("hubEventId", id);
        exchange.getIn().setHeader("JMSXGroupID", orderNo);
        // A held order is checked again when support replays its exception (after fixing stock or routing in the ERP).
        boolean recheck = Boolean.TRUE.equals(exchange.getIn().getHeader(RECHECK, Boolean.class));
        if (known.isPresent() && !(recheck && known.get().status() == EventStatus.EXCEPTION)) {
            exchange.getIn().setHeader(OUTCOME, "duplicate");
            return;
        }
        String erpPlant = data.path("plant").asText();
        Optional<PlantDefinition> plant = plants.all().stream()
                .filter(p -> p.erp().equals(connector.name()) && p.erpPlant().equals(erpPlant)).findFirst();
        List<String> problems = new ArrayList<>();
        String hubPlant = plant.map(PlantDefinition::id).orElse("unknown");
        data.put("hubPlant", hubPlant);
        OffsetDateTime time = changeStamp.matches("\\d{14}")
                ? LocalDateTime.parse(changeStamp, STAMP).atOffset(ZoneOffset.UTC) : OffsetDateTime.now(ZoneOffset.UTC);
        CloudEvent event = CloudEvent.of(EventType.PRODUCTION_ORDER_V1, id, "erp://" + system, orderNo, time, data);
        if (data.path("operations").isEmpty()) {
            problems.add("the order has no routing (no operations)");
        }
        problems.addAll(validator.violations(event));
        if (plant.isEmpty()) {
            problems.add("ERP plant " + erpPlant + " is not configured: no mappings/plants/*/plant.yaml with erp: "
                    + connector.name() + " names it");
        } else if (plant.get().release() == null) {
            problems.add("plant " + hubPlant + " receives no orders: its plant.yaml has no release section");
        }
        ProductionOrder order = problems.isEmpty() ? read(data) : null;
        String json = json(event);
        String source = exchange.getFromRouteId() + " (LastChangeDateTime " + changeStamp + ", ERP " + connector.name() + ")";
        ledger.recordValidated(List.of(new NewEvent(id, "release", hubPlant, orderNo, source, json, event.time())));
        ReleaseSettings release = plant.map(PlantDefinition::release).orElse(null);
        if (order != null && (release == null || order.orderType() == null
                || !release.uncheckedOrderTypes().contains(order.orderType()))) {
            problems.addAll(shortages(order, connector));
        }
        if (!problems.isEmpty()) {
            String reason = "order held back, not sent to the plant: " + String.join("; ", problems);
            LOG.warn("Order {} ({}): {}", orderNo, changeStamp, reason);
            ledger.markException(id, "release", hubPlant, orderNo, reason, json);
            exchange.getIn().setHeader(OUTCOME, "held");
            exchange.getIn().setBody(reason);
            return;
        }
        Optional<LedgerSearch.Delivered> last = search.lastPosted("release", orderNo);
        if (last.isPresent() && sameContent(last.get().payload(), order)) {
            ledger.markPosted(id, orderNo, last.get().document(), "not sent: no change of quantity, dates, routing or components since");
            exchange.getIn().setHeader(OUTCOME, "unchanged");
            return;
        }
        boolean change = last.isPresent();
        String document = release.format() == ReleaseSettings.Format.B2MML
                ? ScheduleB2mmlWriter.write(order, release.namespace(), change, id, OffsetDateTime.now(ZoneOffset.UTC))
                : ScheduleCsvWriter.write(order, release.csv(), change);
        exchange.getIn().setHeader(OUTCOME, "publish");
        exchange.getIn().setHeader("hubPlant", hubPlant);
        exchange.getIn().setHeader(CHANNEL, release.channel().name().toLowerCase());
        exchange.getIn().setHeader(QUEUE, release.queue());
        exchange.getIn().setHeader(Exchange.FILE_NAME, orderNo + "-" + changeStamp
                + (release.format() == ReleaseSettings.Format.B2MML ? ".xml" : ".csv"));
        exchange.getIn().setHeader("hubReleaseKind", change ? "update" : "release");
        exchange.getIn().setBody(document);
    }

    /** The document is in the plant's outbox or queue. */
    public void delivered(Exchange exchange) {
        String id = exchange.getIn().getHeader("hubEventId", String.class);
        String order = exchange.getIn().getHeader("JMSXGroupID", String.class);
        String where = "file".equals(exchange.getIn().getHeader(CHANNEL))
                ? "outbox/" + exchange.getIn().getHeader(Exchange.FILE_NAME)
                : "queue " + exchange.getIn().getHeader(QUEUE);
        ledger.markPosted(id, order, where, "delivered " + exchange.getIn().getHeader("hubReleaseKind"));
        LOG.info("Order {} delivered to plant {}: {}", order, exchange.getIn().getHeader("hubPlant"), where);
    }

    /** Components whose unrestricted stock in the plant does not cover what the order still needs. */
    private List<String> shortages(ProductionOrder order, ErpConnector connector) {
        if (!connector.capabilities().contains(Capability.STOCK)) {
            return List.of(); // said at start-up: the connector offers no stock, orders go out unchecked
        }
        Map<String, BigDecimal> needed = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (ProductionOrder.Component c : order.components()) {
            needed.merge(c.material(), c.quantity(), BigDecimal::add);
            units.putIfAbsent(c.material(), c.unit());
        }
        List<String> out = new ArrayList<>();
        needed.forEach((material, quantity) -> {
            if (quantity.signum() > 0) {
                BigDecimal stock = connector.stock(material, order.plant());
                if (stock.compareTo(quantity) < 0) {
                    out.add("component " + material + " is short: " + quantity.stripTrailingZeros().toPlainString() + " "
                            + units.get(material) + " needed, " + stock.stripTrailingZeros().toPlainString() + " in stock");
                }
            }
        });
        return out;
    }

    private boolean sameContent(String lastEventJson, ProductionOrder order) {
        try {
            ProductionOrder last = mapper.treeToValue(mapper.readTree(lastEventJson).path("data"), ProductionOrder.class);
            return mapper.valueToTree(last.content()).equals(mapper.valueToTree(order.content()));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The canonical order as the record, its times keeping the plant's offset (Jackson would turn them to UTC). */
    private ProductionOrder read(JsonNode data) {
        try {
            return mapper.readerFor(ProductionOrder.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                    .readValue(data);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a production order: " + e.getMessage(), e);
        }
    }

    /** Whether the ledger's release event holds this version of the order (what the ERP said, the hub's plant aside). */
    private boolean sameVersion(EventRecord known, JsonNode data) {
        try {
            JsonNode stored = mapper.readTree(known.payload()).path("data");
            if (stored instanceof ObjectNode object) {
                object.remove("hubPlant");
            }
            // both as read back from text: a number the connector made a decimal (500) and the stored 500 compare equal
            return stored.equals(mapper.readTree(json(data)));
        } catch (JsonProcessingException | RuntimeException unreadable) {
            // clipped or unreadable: as before, the stamp decides
            return true;
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
