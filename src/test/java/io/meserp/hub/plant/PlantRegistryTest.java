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
    void thePlantNamesItsErpConnectorAndTheOlderVariantKeyStillWorks(@TempDir Path dir) throws IOException {
        assertThat(registry(Path.of("mappings/plants")).find("plant-1000").orElseThrow().erp()).isEqualTo("s4");
        plant9000(dir, "erp: tryton");
        assertThat(registry(dir).find("plant-9000").orElseThrow().erp()).isEqualTo("tryton");
        plant9000(dir, "erp-variant: soap");
        assertThat(registry(dir).find("plant-9000").orElseThrow().erp()).isEqualTo("soap");
        plant9000(dir, "erp-variant: soap\nerp: tryton");
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("erp-variant").hasMessageContaining("keep erp: only");
    }

    @Test
    void aPlantSaysHowItsFilesArriveAndAnythingElseStopsStartUpNamingTheKey(@TempDir Path dir) throws IOException {
        assertThat(registry(Path.of("mappings/plants")).find("plant-1000").orElseThrow().fileArrival())
                .isEqualTo(PlantDefinition.FileArrival.WRITTEN_IN_PLACE);
        plant9000(dir, "file-arrival: renamed");
        assertThat(registry(dir).find("plant-9000").orElseThrow().fileArrival())
                .isEqualTo(PlantDefinition.FileArrival.RENAMED);
        plant9000(dir, "file-arrival: atomic");
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("plant.yaml").hasMessageContaining("file-arrival")
                .hasMessageContaining("not 'atomic'");
        // a misspelt key is not ignored: the plant would silently wait for its files as before
        plant9000(dir, "file_arrival: renamed");
        assertThatThrownBy(() -> registry(dir)).hasMessageContaining("plant.yaml").hasMessageContaining("file_arrival")
                .hasMessageContaining("unknown key").hasMessageContaining("file-arrival");
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

    /** Defect 8: AM/PM is read in the mapping's locale (English by default), in any case, whatever the server's locale. */
    @Test
    void amPmIsReadInTheMappingsLocaleInAnyCase(@TempDir Path dir) throws IOException {
        Path plant = Files.createDirectories(dir.resolve("plant-9100"));
        Files.writeString(plant.resolve("plant.yaml"), """
                id: plant-9100
                erp-plant: "9100"
                erp-time-zone: America/Chicago
                inbound:
                  - flow: confirmation
                    files: "*.csv"
                    format: csv
                    mapping: m.yaml
                """);
        Files.writeString(plant.resolve("m.yaml"), """
                date-pattern: "MM/dd/yyyy h:mm a"
                time-zone: America/Chicago
                columns: {order: Order, operation: Op, yield: Good, end: Finished}
                defaults: {unit: PCE}
                units: {PCE: PCE}
                """);
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            PlantDefinition.Inbound inbound = registry(dir).find("plant-9100").orElseThrow().inbound().get(0);
            String csv = "Order,Op,Good,Finished\n9100001,10,5,11/26/2026 3:05 pm\n9100002,10,5,11/26/2026 3:05 AM\n"
                    + "9100003,10,5,11/26/2026 3:05 nachm.\n";
            var result = new io.meserp.hub.confirmation.ConfirmationCsvParser(inbound.csv(), "9100")
                    .parse(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(result.accepted()).as(result.rejected().toString()).extracting(r -> r.value().executionEnd().toString())
                    .containsExactly("2026-11-26T15:05-06:00", "2026-11-26T03:05-06:00");
            assertThat(result.rejected()).singleElement().satisfies(r -> assertThat(r.value()).contains("nachm."));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    /** Plant 9000 with a CSV confirmation inbox, and {@code line} among its top-level keys. */
    private static void plant9000(Path dir, String line) throws IOException {
        Path plant = Files.createDirectories(dir.resolve("plant-9000"));
        Files.writeString(plant.resolve("m.yaml"), """
                date-pattern: "dd.MM.yyyy HH:mm"
                time-zone: Europe/Berlin
                columns: {order: A, operation: B, yield: C, end: D}
                """);
        Files.writeString(plant.resolve("plant.yaml"), """
                id: plant-9000
                erp-plant: "9000"
                erp-time-zone: Europe/Berlin
                %s
                inbound:
                  - flow: confirmation
                    files: "*.csv"
                    format: csv
                    mapping: m.yaml
                """.formatted(line));
    }
}
