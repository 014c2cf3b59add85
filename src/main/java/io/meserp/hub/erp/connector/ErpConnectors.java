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
import io.meserp.hub.confirmation.ProductionConfirmation;
import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ErpProductionOrderClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.erp.SoapErpClient;
import io.meserp.hub.movement.MaterialMovement;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The ERP connectors by name: one per folder of mappings/erp/ with a connector.yaml, plus the built-in {@code s4}
 * (S/4HANA OData, settings under hub.erp) and {@code soap} (the legacy SOAP service) unless a folder of that name
 * defines them. At start-up every plant's {@code erp:} must name one that offers what the plant's flows need.
 */
@Component
public class ErpConnectors {

    private static final Logger LOG = LoggerFactory.getLogger(ErpConnectors.class);

    private final Map<String, ErpConnector> connectors = new LinkedHashMap<>();
    private final PlantRegistry plants;

    public ErpConnectors(PlantRegistry plants, ObjectMapper mapper, Environment environment,
            ErpConfirmationClient confirmations, ErpMaterialDocumentClient movements, SoapErpClient soap,
            ErpProductionOrderClient orders) {
        this.plants = plants;
        // read as text: bound to a Path, "." would be resolved as a resource (the class path), not the working directory
        Path root = Path.of(environment.getProperty("hub.config-dir", ".")).resolve("mappings/erp");
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("connector.yaml"))).sorted().forEach(dir -> {
                    ErpConnector connector = load(dir, mapper, environment, confirmations, movements, soap,
                            s4Orders(dir.getFileName().toString(), orders, mapper));
                    connectors.put(connector.name(), connector);
                });
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        connectors.computeIfAbsent("s4", n -> s4(n, mapper, confirmations, movements, s4Orders(n, orders, mapper)));
        connectors.computeIfAbsent("soap", n -> soap(n, mapper, soap));
        for (PlantDefinition plant : plants.all()) {
            ErpConnector connector = connectors.get(plant.erp());
            if (connector == null) {
                throw new IllegalStateException("Plant " + plant.id() + ": erp: " + plant.erp() + " names no connector"
                        + " (mappings/erp/<name>/connector.yaml; known: " + connectors.keySet() + ")");
            }
            connector.check();
            List<String> missing = missing(plant, connector);
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

    /**
     * The offline plant check's view of the connectors (nothing is called, no credential is read): each plant's
     * {@code erp:} names a built-in connector or a folder of {@code erpDir} with a connector.yaml that loads, and that
     * connector offers what the plant's flows and release need. Problems name the plant, file and key.
     */
    public static List<String> checkOffline(Path erpDir, java.util.Collection<PlantDefinition> plants) {
        List<String> problems = new java.util.ArrayList<>();
        org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
        ObjectMapper mapper = new ObjectMapper();
        for (PlantDefinition plant : plants) {
            if (List.of("s4", "soap").contains(plant.erp()) && !Files.exists(erpDir.resolve(plant.erp()))) {
                continue;
            }
            Path file = erpDir.resolve(plant.erp()).resolve("connector.yaml");
            if (!Files.isRegularFile(file)) {
                problems.add("Plant " + plant.id() + ": erp: " + plant.erp() + " names no connector (" + file + " is missing)");
                continue;
            }
            try {
                JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                if (!"http-json".equals(node.path("type").asText())) {
                    continue; // the built-in types have nothing to check offline
                }
                problems.addAll(missing(plant, HttpJsonConfig.load(plant.erp(), file, node, mapper, environment)));
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** What the plant's flows and release need that the connector does not offer, one sentence each. */
    private static List<String> missing(PlantDefinition plant, ErpConnector connector) {
        List<String> missing = new java.util.ArrayList<>();
        for (PlantDefinition.Inbound inbound : plant.inbound()) {
            for (String flow : inbound.flows()) {
                Capability.of(flow).filter(c -> !connector.capabilities().contains(c)).ifPresent(c -> missing.add("Plant "
                        + plant.id() + " sends " + flow + " events, and its ERP connector " + connector.name()
                        + " offers no " + c.key()));
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

    /** The connector a plant books through. */
    public ErpConnector forPlant(String plantId) {
        String name = plants.find(plantId).map(PlantDefinition::erp)
                .orElseThrow(() -> new IllegalArgumentException("plant '" + plantId + "' is not configured"));
        return connectors.get(name);
    }

    /** How exactly-once posting books an event of a capability: through its plant's connector, in its ERP time zone. */
    public ExactlyOncePosting.Outcome outcome(Capability capability, CloudEvent event) {
        ErpConnector connector = forPlant(event.plant());
        ZoneId zone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone).orElseThrow();
        return ExactlyOncePosting.Outcome.erp(id -> connector.find(capability, id, event.data(), zone),
                (id, erpZone) -> connector.create(capability, id, event.data(), erpZone));
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

    private static ErpConnector s4(String name, ObjectMapper mapper, ErpConfirmationClient confirmations,
            ErpMaterialDocumentClient movements, BuiltInConnector.Orders orders) {
        Map<Capability, BuiltInConnector.Calls> calls = new EnumMap<>(Capability.class);
        calls.put(Capability.CONFIRMATION, calls(confirmations::findByExternalId, (id, payload, zone) ->
                confirmations.create(id, mapper.convertValue(payload, ProductionConfirmation.class), zone)));
        calls.put(Capability.MOVEMENT, calls(movements::findByReference, (id, payload, zone) ->
                movements.create(id, mapper.convertValue(payload, MaterialMovement.class), zone)));
        return new BuiltInConnector(name, "s4-odata", calls, orders);
    }

    private static ErpConnector soap(String name, ObjectMapper mapper, SoapErpClient soap) {
        Map<Capability, BuiltInConnector.Calls> calls = new EnumMap<>(Capability.class);
        calls.put(Capability.CONFIRMATION, calls(soap::findConfirmation, (id, payload, zone) ->
                soap.postConfirmation(id, mapper.convertValue(payload, ProductionConfirmation.class), zone)));
        calls.put(Capability.MOVEMENT, calls(soap::findGoodsMovement, (id, payload, zone) ->
                soap.postGoodsMovement(id, mapper.convertValue(payload, MaterialMovement.class), zone)));
        // the legacy SOAP service books only; it has no order or stock API
        return new BuiltInConnector(name, "soap-legacy", calls, null);
    }

    private interface Create {
        ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone);
    }

    private static BuiltInConnector.Calls calls(Function<String, Optional<ErpDocument>> find,
            Create create) {
        return new BuiltInConnector.Calls() {
            @Override
            public ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone) {
                return create.create(eventId, payload, erpZone);
            }

            @Override
            public Optional<ErpDocument> find(String eventId) {
                return find.apply(eventId);
            }
        };
    }

    /** One folder's connector.yaml. */
    private static ErpConnector load(Path dir, ObjectMapper mapper, Environment environment,
            ErpConfirmationClient confirmations, ErpMaterialDocumentClient movements, SoapErpClient soap,
            BuiltInConnector.Orders s4Orders) {
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
            case "s4-odata" -> s4(name, mapper, confirmations, movements, s4Orders);
            case "soap-legacy" -> soap(name, mapper, soap);
            case "http-json" -> HttpJsonConfig.load(name, file, node, mapper, environment);
            default -> throw new IllegalStateException("ERP connector " + file + ": type must be s4-odata, soap-legacy or"
                    + " http-json, not '" + type + "'");
        };
    }
}
