package io.meserp.hub.plant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.PlantCheck;
import io.meserp.hub.event.EventValidator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files per plant: every input in a plant folder's {@code samples/} gives exactly the canonical events and
 * refusals in its {@code .expected.json}. Discovered by folder: a plant added with samples adds its tests. Run with
 * {@code -DupdatePlantSamples=true} to write the expected files from the mappings (then review the diff).
 */
class PlantSamplesTest {

    private static final Path PLANTS = Path.of("mappings/plants");

    @TestFactory
    Stream<DynamicTest> everyPlantSampleGivesItsExpectedEvents() {
        PlantRegistry plants = PlantCheck.registry(PLANTS);
        PlantContentReader reader = new PlantContentReader(plants, new EventValidator(PlantCheck.MAPPER), PlantCheck.MAPPER);
        boolean update = Boolean.getBoolean("updatePlantSamples");
        return PlantCheck.samples(PLANTS).stream().map(sample -> DynamicTest.dynamicTest(PLANTS.relativize(sample).toString(), () -> {
            String plant = sample.getParent().getParent().getFileName().toString();
            JsonNode actual = PlantCheck.read(reader, plants.find(plant).orElseThrow(), sample);
            Path expected = sample.resolveSibling(sample.getFileName() + PlantCheck.EXPECTED);
            if (update) {
                Files.writeString(expected, PlantCheck.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            }
            assertThat(expected).as("expected events of " + sample).exists();
            assertThat(actual).isEqualTo(PlantCheck.MAPPER.readTree(expected.toFile()));
            assertThat(actual.path("events")).as("a sample shows what the mapping makes").isNotEmpty();
        }));
    }

    @Test
    void theShippedPlantsHaveSamplesAndPassTheOfflineCheck() {
        assertThat(PlantCheck.samples(PLANTS).stream().map(p -> p.getParent().getParent().getFileName().toString()).distinct())
                .contains("plant-1000", "plant-2000");
        assertThat(PlantCheck.check(PLANTS, false)).isEmpty();
    }

    @Test
    void theOfflineCheckNamesABrokenMapping(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.springframework.util.FileSystemUtils.copyRecursively(PLANTS.resolve("plant-2000"), dir.resolve("plant-2000"));
        Files.writeString(dir.resolve("plant-2000/b2mml.yaml"), Files.readString(dir.resolve("plant-2000/b2mml.yaml"))
                .replace("Target: ignore", "Target: maybe"));
        assertThat(PlantCheck.check(dir, false)).singleElement().asString()
                .contains("b2mml.yaml", "quantity-keys.target", "maybe");
        Files.writeString(dir.resolve("plant-2000/b2mml.yaml"), Files.readString(dir.resolve("plant-2000/b2mml.yaml"))
                .replace("Target: maybe", "Target: ignore").replace("PRESSING: \"0010\"", "PRESSING: \"0020\""));
        assertThat(PlantCheck.check(dir, false)).singleElement().asString()
                .contains("sync-operations-v0700.xml", "gives other events");
    }

    /** The offline check looks at the ERP connector each plant names too (mappings/erp beside mappings/plants). */
    @Test
    void theOfflineCheckNamesAPlantsMissingOrBrokenErpConnector(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path plants = dir.resolve("plants");
        org.springframework.util.FileSystemUtils.copyRecursively(Path.of("mappings/erp/tryton/plant-4000"),
                plants.resolve("plant-4000"));
        assertThat(PlantCheck.check(plants, false)).singleElement().asString()
                .contains("plant-4000", "erp: tryton names no connector");
        Path tryton = Files.createDirectories(dir.resolve("erp/tryton"));
        Files.copy(Path.of("mappings/erp/tryton/connector.yaml"), tryton.resolve("connector.yaml"));
        assertThat(PlantCheck.check(plants, false)).isEmpty();
        Files.writeString(tryton.resolve("connector.yaml"), Files.readString(tryton.resolve("connector.yaml"))
                .replace("  released-orders:\n", "  released-order:\n"));
        assertThat(PlantCheck.check(plants, false)).singleElement().asString()
                .contains("capabilities.released-order is not a capability");
        Files.writeString(tryton.resolve("connector.yaml"), Files.readString(tryton.resolve("connector.yaml"))
                .replace("  released-order:\n", "  released-orders:\n").replace("kind: server-error", "kind: oops"));
        assertThat(PlantCheck.check(plants, false)).singleElement().asString().contains("errors[1]: kind must be one of");

        // quality events need a notification and an order hold from the plant's ERP; the Tryton connector offers neither
        Files.writeString(tryton.resolve("connector.yaml"), Files.readString(tryton.resolve("connector.yaml"))
                .replace("kind: oops", "kind: server-error"));
        Files.copy(Path.of("mappings/plants/plant-1000/quality-csv.yaml"), plants.resolve("plant-4000/quality-csv.yaml"));
        Path plantYaml = plants.resolve("plant-4000/plant.yaml");
        Files.writeString(plantYaml, Files.readString(plantYaml).replace("inbound:\n", "inbound:\n  - flow: quality\n"
                + "    files: \"pruefung*.csv\"\n    format: csv\n    mapping: quality-csv.yaml\n"));
        assertThat(PlantCheck.check(plants, false)).containsExactlyInAnyOrder(
                "Plant plant-4000 sends quality events, and its ERP connector tryton offers no quality-notification",
                "Plant plant-4000 sends quality events, and its ERP connector tryton offers no order-hold");
    }
}
