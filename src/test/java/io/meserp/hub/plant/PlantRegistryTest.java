package io.meserp.hub.plant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlantRegistryTest {

    private static PlantRegistry registry(Path dir) {
        return io.meserp.hub.support.TestPlants.registry(dir);
    }

    @Test
    void theSamplePlantsLoadFromTheRepository() {
        PlantRegistry plants = registry(Path.of("mappings/plants"));
        assertThat(plants.all()).extracting(PlantDefinition::id).contains("plant-1000", "plant-2000");
        PlantDefinition p1000 = plants.find("plant-1000").orElseThrow();
        assertThat(p1000.erpPlant()).isEqualTo("1000");
        assertThat(p1000.inboundFor("export.csv")).isPresent();
        assertThat(p1000.inboundFor("export.xml")).isEmpty();
        assertThat(p1000.inboundFor("export.csv").get().csv().units()).containsEntry("ST", "PCE");
    }

    @Test
    void aMistakeInAMappingStopsStartUpNamingFileAndKey(@TempDir Path dir) throws IOException {
        Path plant = Files.createDirectories(dir.resolve("plant-9000"));
        Files.writeString(plant.resolve("plant.yaml"), """
                id: plant-9000
                erp-plant: "9000"
                erp-time-zone: Europe/Berlin
                inbound:
                  - flow: confirmation
                    files: "*.csv"
                    format: csv
                    mapping: m.yaml
                """);
        Files.writeString(plant.resolve("m.yaml"), """
                delimiter: ";;"
                date-pattern: "dd.MM.yyyy"
                time-zone: Europe/Berlin
                columns: {order: A, operation: B, yield: C, end: D}
                """);
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("m.yaml").hasMessageContaining("delimiter")
                .hasMessageContaining("must be one character");
        Files.writeString(plant.resolve("m.yaml"), """
                date-pattern: "dd.MM.yyyy"
                time-zone: Mars/Olympus
                columns: {order: A, operation: B, yield: C, end: D}
                """);
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("unknown time zone 'Mars/Olympus'");
        Files.writeString(plant.resolve("m.yaml"), """
                date-pattern: "dd.MM.yyyy"
                time-zone: Europe/Berlin
                columns: {order: A, operation: B, end: D}
                """);
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("columns.yield is required");
    }
}
