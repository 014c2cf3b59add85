package io.meserp.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.confirmation.ConfirmationEvents;
import io.meserp.hub.confirmation.ConfirmationFlow;
import io.meserp.hub.downtime.DowntimeFlow;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.movement.MovementEvents;
import io.meserp.hub.movement.MovementFlow;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.IntakeBatch;
import io.meserp.hub.plant.PlantContentReader;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.Rejection;
import io.meserp.hub.quality.QualityFlow;
import org.springframework.util.unit.DataSize;

/**
 * Checks plant folders offline, for the CI of a plant rollout: every plant.yaml and mapping loads (a mistake names the
 * file and key, as at start-up), and every sample in a plant's {@code samples/} folder still gives exactly the canonical
 * events and refusals recorded beside it in {@code <sample>.expected.json}. Nothing is started or sent.
 *
 * <pre>
 * java -cp target/mes-erp-hub-*.jar -Dloader.main=io.meserp.hub.PlantCheck \
 *      org.springframework.boot.loader.launch.PropertiesLauncher mappings/plants [--update]
 * </pre>
 * {@code --update} writes the expected files from what the mapping gives now (review the diff before committing it).
 * Exit status 0 when all is well, 1 with one line per problem otherwise.
 */
public final class PlantCheck {

    /** Where a plant keeps its samples, and the suffix of their expected events. */
    public static final String SAMPLES = "samples";
    public static final String EXPECTED = ".expected.json";

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PlantCheck() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PlantCheck <plants folder> [--update]");
            System.exit(2);
        }
        List<String> problems = check(Path.of(args[0]), args.length > 1 && args[1].equals("--update"));
        problems.forEach(System.out::println);
        System.out.println(problems.isEmpty() ? "plant folders OK" : problems.size() + " problem(s)");
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The plant registry with the hub's real flows, without Spring. */
    public static PlantRegistry registry(Path plantsDir) {
        HubProperties properties = new HubProperties(Path.of("target"), Path.of("."),
                new HubProperties.Plants(plantsDir, DataSize.ofMegabytes(10), DataSize.ofMegabytes(10), 0, 0, 3, java.time.Duration.ofMinutes(15)),
                null, new HubProperties.Queues("hub.confirmation", "hub.movement", "hub.downtime", "hub.quality",
                        "hub.confirmation.aggregate"), null, null, null, null);
        return new PlantRegistry(properties, List.of(new ConfirmationFlow(new ConfirmationEvents(MAPPER), properties),
                new MovementFlow(new MovementEvents(MAPPER), properties), new DowntimeFlow(MAPPER, properties),
                new QualityFlow(MAPPER, properties)));
    }

    /** Every problem found; empty when the folders load and every sample gives what is expected. */
    public static List<String> check(Path plantsDir, boolean update) {
        List<String> problems = new ArrayList<>();
        PlantRegistry plants;
        try {
            plants = registry(plantsDir);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return problems;
        }
        // the ERP connectors the plants name, beside the plants folder (mappings/erp)
        Path erpDir = plantsDir.toAbsolutePath().getParent().resolve("erp");
        problems.addAll(io.meserp.hub.erp.connector.OfflineConnectors.checkOffline(erpDir, plants));
        PlantContentReader reader = new PlantContentReader(plants, new EventValidator(MAPPER,
                io.meserp.hub.erp.connector.OfflineConnectors.formatsOffline(erpDir, plants.all())), MAPPER);
        for (Path sample : samples(plantsDir)) {
            String plantId = sample.getParent().getParent().getFileName().toString();
            Path expectedFile = sample.resolveSibling(sample.getFileName() + EXPECTED);
            try {
                JsonNode actual = read(reader, plants.find(plantId).orElseThrow(), sample);
                if (update) {
                    Files.writeString(expectedFile, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
                } else if (!Files.exists(expectedFile)) {
                    problems.add(sample + ": no " + expectedFile.getFileName() + " (run with --update and review it)");
                } else {
                    JsonNode expected = MAPPER.readTree(expectedFile.toFile());
                    if (!expected.equals(actual)) {
                        problems.add(sample + ": gives other events than " + expectedFile.getFileName() + ":\n"
                                + MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
                    }
                }
            } catch (IOException e) {
                problems.add(sample + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The sample inputs of every plant folder (not the expected files). */
    public static List<Path> samples(Path plantsDir) {
        try (Stream<Path> files = Files.walk(plantsDir, 3)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals(SAMPLES))
                    .filter(p -> !p.getFileName().toString().endsWith(EXPECTED)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + plantsDir + ": " + e.getMessage(), e);
        }
    }

    /** What a sample gives: its mapping, records, canonical events and refusals (or why it is refused whole). */
    public static JsonNode read(PlantContentReader reader, PlantDefinition plant, Path sample) throws IOException {
        byte[] content = Files.readAllBytes(sample);
        String name = sample.getFileName().toString();
        String asFile = plant.inboundFor(name).isPresent() ? name : null;
        ObjectNode out = MAPPER.createObjectNode();
        try {
            out.put("mapping", reader.mappingOf(plant, asFile, content));
            IntakeBatch batch = reader.readAny(plant, asFile, content, "sample");
            out.put("records", batch.records());
            ArrayNode events = out.putArray("events");
            for (NewEvent e : batch.events()) {
                ObjectNode event = events.addObject();
                event.put("location", e.source().substring("sample ".length()));
                event.put("flow", e.flow());
                JsonNode cloudEvent = MAPPER.readTree(e.payload());
                event.put("id", cloudEvent.path("id").asText());
                event.put("subject", cloudEvent.path("subject").asText(null));
                event.put("time", cloudEvent.path("time").asText(null));
                event.set("data", cloudEvent.path("data"));
            }
            ArrayNode refused = out.putArray("refused");
            for (Rejection r : batch.rejections()) {
                ObjectNode row = refused.addObject();
                row.put("location", r.location());
                row.put("field", r.field());
                row.put("value", r.value());
                row.put("reason", r.reason());
            }
        } catch (FileRejectedException e) {
            out.put("refusedWhole", e.getMessage());
        }
        return out;
    }
}
