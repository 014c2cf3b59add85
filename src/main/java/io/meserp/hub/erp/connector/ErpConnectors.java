package io.meserp.hub.erp.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meserp.hub.erp.ErpBookings;
import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpMaintenanceNotificationClient;
import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ErpQualityClient;
import io.meserp.hub.erp.Payload;
import io.meserp.hub.erp.ErpProductionOrderClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.PayloadRules;
import io.meserp.hub.erp.SoapErpClient;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The ERP connectors by name: one per folder of mappings/erp/ with a connector.yaml, plus the built-in {@code s4}
 * (S/4HANA OData, settings under hub.erp) and {@code soap} (the legacy SOAP service) unless a folder of that name
 * defines them. At start-up every plant's {@code erp:} must name one that offers what the plant's flows need.
 */
@Component
public class ErpConnectors implements PayloadRules {

    private static final Logger LOG = LoggerFactory.getLogger(ErpConnectors.class);

    private final Map<String, ErpConnector> connectors = new LinkedHashMap<>();
    private final PlantRegistry plants;

    /** The S/4HANA OData services the built-in s4-odata type books and reads through. */
    public record S4Clients(ErpConfirmationClient confirmations, ErpMaterialDocumentClient movements,
            ErpQualityClient quality, ErpMaintenanceNotificationClient maintenance, ErpProductionOrderClient orders,
            ErpBookings bookings) {
    }

    public ErpConnectors(PlantRegistry plants, ObjectMapper mapper, Environment environment,
            ErpConfirmationClient confirmations, ErpMaterialDocumentClient movements, ErpQualityClient quality,
            ErpMaintenanceNotificationClient maintenance, SoapErpClient soap, ErpProductionOrderClient orders,
            ErpBookings bookings, ProducerTemplate camel) {
        RouteSteps routes = new RouteSteps(camel, mapper);
        S4Clients s4 = new S4Clients(confirmations, movements, quality, maintenance, orders, bookings);
        this.plants = plants;
        // read as text: bound to a Path, "." would be resolved as a resource (the class path), not the working directory
        Path root = Path.of(environment.getProperty("hub.config-dir", ".")).resolve("mappings/erp");
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("connector.yaml"))).sorted().forEach(dir -> {
                    ErpConnector connector = load(dir, mapper, environment, s4, soap, routes,
                            s4Orders(dir.getFileName().toString(), orders, mapper));
                    connectors.put(connector.name(), connector);
                });
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        connectors.computeIfAbsent("s4", n -> s4(n, s4, s4Orders(n, orders, mapper)));
        connectors.computeIfAbsent("soap", n -> soap(n, soap));
        for (PlantDefinition plant : plants.all()) {
            ErpConnector connector = connectors.get(plant.erp());
            if (connector == null) {
                throw new IllegalStateException("Plant " + plant.id() + ": erp: " + plant.erp() + " names no connector"
                        + " (mappings/erp/<name>/connector.yaml; known: " + connectors.keySet() + ")");
            }
            connector.check();
            List<String> missing = missing(plants, plant, connector);
            if (!missing.isEmpty()) {
                throw new IllegalStateException(String.join("; ", missing) + " (it offers " + connector.capabilities() + ")");
            }
            if (plant.release() != null && !connector.capabilities().contains(Capability.STOCK)) {
                LOG.warn("Plant {}: ERP connector {} offers no stock; its orders are released without the component"
                        + " availability check", plant.id(), connector.name());
            }
        }
        LOG.info("ERP connectors: {}", connectors.values().stream().map(c -> c.name() + " (" + c.type() + ")").toList());
    }

    /** What the plant's flows and release need that the connector does not offer, one sentence each. */
    static List<String> missing(PlantRegistry registry, PlantDefinition plant, ErpConnector connector) {
        List<String> missing = new java.util.ArrayList<>();
        for (PlantDefinition.Inbound inbound : plant.inbound()) {
            for (String flow : inbound.flows()) {
                for (Capability c : needs(registry, plant, flow)) {
                    if (!connector.capabilities().contains(c)) {
                        missing.add("Plant " + plant.id() + " sends " + flow + " events, and its ERP connector "
                                + connector.name() + " offers no " + c.key());
                    } else if (c == Capability.QUALITY_NOTIFICATION && connector.lookup(c) == Lookup.NONE) {
                        // the notification is one step of several, repeated until all are done: it must be found again
                        missing.add("ERP connector " + connector.name() + ": " + c.key() + " needs a look-up (key or"
                                + " fact), since a quality reaction repeats it until all its steps are done");
                    }
                }
            }
        }
        if (plant.release() != null) {
            for (Capability needed : List.of(Capability.RELEASED_ORDERS, Capability.ORDER)) {
                if (!connector.capabilities().contains(needed)) {
                    missing.add("Plant " + plant.id() + " receives released orders (release: in its plant.yaml), and its"
                            + " ERP connector " + connector.name() + " offers no " + needed.key());
                }
            }
        }
        return missing;
    }

    /** What a flow of the plant asks of its ERP: the flow says (InboundFlow.erpCapabilities). */
    private static List<Capability> needs(PlantRegistry registry, PlantDefinition plant, String flow) {
        return registry.flow(flow).map(f -> f.erpCapabilities(plant)).orElse(List.of()).stream()
                .map(key -> Capability.of(key).orElseThrow(() -> new IllegalStateException("flow " + flow
                        + " asks for an ERP capability the contract does not have: " + key)))
                .toList();
    }

    /**
     * Once the routes are loaded: every route a connector in use calls has a route that takes it; otherwise the hub does
     * not start, naming the connector and the route.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void checkRoutes(ApplicationReadyEvent ready) {
        List<String> problems = unrouted(ready.getApplicationContext().getBean(CamelContext.class),
                plants.all().stream().map(p -> connectors.get(p.erp())).distinct().toList());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** The route steps of these connectors that no route of the Camel context takes, one sentence each. */
    static List<String> unrouted(CamelContext camel, java.util.Collection<ErpConnector> inUse) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        camel.getRoutes().forEach(r -> taken.add(r.getEndpoint().getEndpointUri()));
        List<String> problems = new java.util.ArrayList<>();
        for (ErpConnector connector : inUse) {
            if (connector instanceof HttpJsonConnector http) {
                for (String route : http.routes()) {
                    if (!taken.contains(camel.getEndpoint(route).getEndpointUri())) {
                        problems.add("ERP connector " + http.name() + " calls " + route + ", and no route takes it (a"
                                + " route file with from: " + route + ")");
                    }
                }
            }
        }
        return problems;
    }

    /** The formats of the plant's ERP, for events entering the hub (an unknown plant is refused elsewhere). */
    @Override
    public List<String> violations(String plantId, JsonNode data) {
        return plants.find(plantId).map(p -> connectors.get(p.erp())).map(c -> c.formats().violations(data))
                .orElse(List.of());
    }

    /** The connector a plant books through. */
    public ErpConnector forPlant(String plantId) {
        String name = plants.find(plantId).map(PlantDefinition::erp)
                .orElseThrow(() -> new IllegalArgumentException("plant '" + plantId + "' is not configured"));
        return connectors.get(name);
    }

    /** How exactly-once posting books an event of a capability: through its plant's connector, in its ERP time zone. */
    public ExactlyOncePosting.Outcome outcome(Capability capability, CloudEvent event) {
        return outcome(capability, event, event.data());
    }

    /** The same for a connector payload the workflow made from the event (its data with the plant's settings). */
    public ExactlyOncePosting.Outcome outcome(Capability capability, CloudEvent event, JsonNode payload) {
        ErpConnector connector = forPlant(event.plant());
        ZoneId zone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone).orElseThrow();
        return ExactlyOncePosting.Outcome.erp(id -> connector.find(capability, id, payload, zone),
                (id, erpZone) -> connector.create(capability, id, payload, erpZone));
    }

    /**
     * For one step of a reaction that is repeated until all its steps are done (quality): the document an earlier
     * attempt booked, found by the connector's look-up, else a new one.
     */
    public ErpDocument findOrCreate(Capability capability, String plantId, String eventId, JsonNode payload) {
        ErpConnector connector = forPlant(plantId);
        ZoneId zone = plants.find(plantId).map(PlantDefinition::erpTimeZone).orElseThrow();
        Optional<ErpDocument> earlier = connector.lookup(capability) == Lookup.NONE ? Optional.empty()
                : connector.find(capability, eventId, payload, zone);
        return earlier.orElseGet(() -> connector.create(capability, eventId, payload, zone));
    }

    /** The connectors plants receive released orders through (release: in their plant.yaml), each once. */
    public List<ErpConnector> releasing() {
        return plants.all().stream().filter(p -> p.release() != null).map(p -> connectors.get(p.erp())).distinct().toList();
    }

    public Optional<ErpConnector> find(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    /**
     * Orders and stock from the S/4 OData services, as canonical orders; SAP's local times are read in the time zone of
     * the plant of this connector that has the order's ERP plant (UTC when none).
     */
    private BuiltInConnector.Orders s4Orders(String name, ErpProductionOrderClient orders, ObjectMapper mapper) {
        Function<JsonNode, JsonNode> canonical = o -> S4Orders.canonical(o, plants.all().stream()
                .filter(p -> p.erp().equals(name) && p.erpPlant().equals(o.path("ProductionPlant").asText()))
                .map(PlantDefinition::erpTimeZone).findFirst().orElse(ZoneOffset.UTC), mapper);
        return new BuiltInConnector.Orders() {
            @Override
            public List<JsonNode> releasedSince(String watermark, int limit) {
                return orders.releasedSince(watermark, limit).stream().map(canonical).toList();
            }

            @Override
            public Optional<JsonNode> order(String order) {
                return orders.order(order).map(canonical);
            }

            @Override
            public BigDecimal stock(String material, String erpPlant) {
                return orders.unrestrictedStock(material, erpPlant);
            }
        };
    }

    private static ErpConnector s4(String name, S4Clients s4, BuiltInConnector.Orders orders) {
        Map<Capability, BuiltInConnector.Calls> calls = new EnumMap<>(Capability.class);
        calls.put(Capability.CONFIRMATION, calls(s4.confirmations()::findByExternalId, (id, payload, zone) ->
                s4.confirmations().create(id, new Payload(payload), zone), Function.identity()));
        calls.put(Capability.MOVEMENT, calls(s4.movements()::findByReference, (id, payload, zone) ->
                s4.movements().create(id, new Payload(payload), zone), ErpMaterialDocumentClient::reference));
        calls.put(Capability.QUALITY_NOTIFICATION, calls(s4.quality()::find, (id, payload, zone) ->
                s4.quality().create(id, new Payload(payload)), ErpQualityClient::reference));
        // a user status set twice stays set: nothing to look up
        calls.put(Capability.ORDER_HOLD, calls(null, (id, payload, zone) -> {
            s4.quality().setUserStatus(payload.path("order").asText(), payload.path("status").asText());
            return new ErpDocument(payload.path("status").asText());
        }, Function.identity()));
        calls.put(Capability.MAINTENANCE_NOTIFICATION, calls(s4.maintenance()::findByReference, (id, payload, zone) ->
                s4.maintenance().create(id, new Payload(payload), zone), ErpMaintenanceNotificationClient::reference));
        ErpBookings b = s4.bookings();
        BuiltInConnector.Bookings bookings = new BuiltInConnector.Bookings() {
            @Override
            public java.util.Set<String> bookedOrders(String erpPlant, java.time.LocalDate from, java.time.LocalDate to) {
                return b.confirmedOrders(erpPlant, from, to);
            }

            @Override
            public List<ErpConnector.BookedConfirmation> confirmations(String order) {
                return b.confirmations(order);
            }

            @Override
            public List<ErpConnector.BookedMovement> movements(String order) {
                return b.movements(order);
            }
        };
        return new BuiltInConnector(name, "s4-odata", calls, orders, bookings, Formats.sapFor(name));
    }

    private static ErpConnector soap(String name, SoapErpClient soap) {
        Map<Capability, BuiltInConnector.Calls> calls = new EnumMap<>(Capability.class);
        calls.put(Capability.CONFIRMATION, calls(soap::findConfirmation, (id, payload, zone) ->
                soap.postConfirmation(id, new Payload(payload), zone), Function.identity()));
        calls.put(Capability.MOVEMENT, calls(soap::findGoodsMovement, (id, payload, zone) ->
                soap.postGoodsMovement(id, new Payload(payload), zone), ErpMaterialDocumentClient::reference));
        // the legacy SOAP service books only: no order, stock or booking list API (its plants are not reconciled)
        return new BuiltInConnector(name, "soap-legacy", calls, null, null, Formats.sapFor(name));
    }

    private interface Create {
        ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone);
    }

    private static BuiltInConnector.Calls calls(Function<String, Optional<ErpDocument>> find,
            Create create, Function<String, String> key) {
        return new BuiltInConnector.Calls() {
            @Override
            public ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone) {
                return create.create(eventId, payload, erpZone);
            }

            @Override
            public Optional<ErpDocument> find(String eventId) {
                return find == null ? Optional.empty() : find.apply(eventId);
            }

            @Override
            public boolean finds() {
                return find != null;
            }

            @Override
            public String key(String eventId) {
                return key.apply(eventId);
            }
        };
    }

    /** One folder's connector.yaml. */
    private static ErpConnector load(Path dir, ObjectMapper mapper, Environment environment, S4Clients s4,
            SoapErpClient soap, RouteSteps routes, BuiltInConnector.Orders s4Orders) {
        String name = dir.getFileName().toString();
        Path file = dir.resolve("connector.yaml");
        JsonNode node;
        try {
            node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("ERP connector " + file + " cannot be read: " + e.getMessage(), e);
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "s4-odata" -> s4(name, s4, s4Orders);
            case "soap-legacy" -> soap(name, soap);
            case "http-json" -> HttpJsonConfig.load(name, file, node, mapper, environment, routes);
            default -> throw new IllegalStateException("ERP connector " + file + ": type must be s4-odata, soap-legacy or"
                    + " http-json, not '" + type + "'");
        };
    }
}
