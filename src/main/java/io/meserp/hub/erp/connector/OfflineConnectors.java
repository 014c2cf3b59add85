package io.meserp.hub.erp.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meserp.hub.event.PayloadRules;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.springframework.core.env.StandardEnvironment;

/**
 * The plants' ERP connectors as the offline plant check sees them (PlantCheck: nothing is called, no credential is
 * read): does each load and offer what its plant needs, and what formats do the sample events meet.
 */
public final class OfflineConnectors {

    private OfflineConnectors() {
    }

    /**
     * The offline plant check's view of the connectors (nothing is called, no credential is read): each plant's
     * {@code erp:} names a built-in connector or a folder of {@code erpDir} with a connector.yaml that loads, and that
     * connector offers what the plant's flows and release need. Problems name the plant, file and key.
     */
    public static List<String> checkOffline(Path erpDir, PlantRegistry registry) {
        List<String> problems = new java.util.ArrayList<>();
        for (PlantDefinition plant : registry.all()) {
            Offline connector = offline(erpDir, plant);
            if (connector.problem() != null) {
                problems.add(connector.problem());
            } else if (connector.loaded() != null) {
                problems.addAll(ErpConnectors.missing(registry, plant, connector.loaded())); // the built-in types offer all they have
            }
        }
        return problems;
    }

    /**
     * The ERP formats the offline plant check applies to the plants' sample events: the formats of each plant's
     * connector (a connector that does not load adds none here; {@link #checkOffline} names it).
     */
    public static PayloadRules formatsOffline(Path erpDir, Collection<PlantDefinition> plants) {
        Map<String, Formats> byPlant = new HashMap<>();
        for (PlantDefinition plant : plants) {
            Offline connector = offline(erpDir, plant);
            if (connector.formats() != null) {
                byPlant.put(plant.id(), connector.formats());
            }
        }
        return (plant, data) -> byPlant.containsKey(plant) ? byPlant.get(plant).violations(data) : List.of();
    }

    /** A plant's connector read offline: its formats, the http-json connector loaded (null for a built-in type), or why not. */
    private record Offline(Formats formats, ErpConnector loaded, String problem) {
    }

    private static Offline offline(Path erpDir, PlantDefinition plant) {
        Path file = erpDir.resolve(plant.erp()).resolve("connector.yaml");
        if (List.of("s4", "soap").contains(plant.erp()) && !Files.exists(erpDir.resolve(plant.erp()))) {
            return new Offline(Formats.sapFor(plant.erp()), null, null);
        }
        if (!Files.isRegularFile(file)) {
            return new Offline(null, null, "Plant " + plant.id() + ": erp: " + plant.erp() + " names no connector (" + file
                    + " is missing)");
        }
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return switch (node.path("type").asText("")) {
                case "s4-odata", "soap-legacy" -> new Offline(Formats.sapFor(plant.erp()), null, null);
                case "http-json" -> {
                    ErpConnector loaded = HttpJsonConfig.load(plant.erp(), file, node, new ObjectMapper(),
                            new StandardEnvironment(), new RouteSteps(null, null));
                    yield new Offline(loaded.formats(), loaded, null);
                }
                default -> new Offline(null, null, "ERP connector " + file + ": type must be s4-odata, soap-legacy or"
                        + " http-json, not '" + node.path("type").asText("") + "'");
            };
        } catch (IOException | RuntimeException e) {
            return new Offline(null, null, e.getMessage());
        }
    }
}
