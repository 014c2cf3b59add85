package io.meserp.hub.plant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a plant takes only a folder with plant.yaml and a mapping (docs/adding-a-plant.md): here plant-3000,
 * with its own delimiter, charset, decimal point, time zone, column names and units, next to the sample plants.
 */
class NewPlantIT extends HubTestSupport {

    private static final Path DATA = newDataDir();

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "src/test/resources/samples/new-plant/plant-3000");
        registry.add("hub.plants.max-file-size", () -> "64KB");
        // far longer than the test: plant-3000's files (file-arrival: renamed) are taken without waiting for it
        registry.add("hub.plants.read-lock-min-age", () -> "600000");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aPlantWhoseMesRenamesCompleteFilesIntoTheInboxHasThemTakenWithoutTheReadLocksWait() {
        // the file consumer runs inside master:plant-<plant> (one hub at a time reads a plant's inbox)
        org.apache.camel.component.file.FileEndpoint renamed = (org.apache.camel.component.file.FileEndpoint)
                ((org.apache.camel.DelegateEndpoint) camel.getRoute("plant-file-inbound-plant-3000").getEndpoint()).getEndpoint();
        org.apache.camel.component.file.FileEndpoint inPlace = (org.apache.camel.component.file.FileEndpoint)
                ((org.apache.camel.DelegateEndpoint) camel.getRoute("plant-file-inbound-plant-1000").getEndpoint()).getEndpoint();
        // both take the shared read lock (no other hub takes the file); only a file written in place waits to stand still
        assertThat(renamed.getReadLock()).isEqualTo("idempotent");
        assertThat(inPlace.getReadLock()).isEqualTo("idempotent-changed");
        assertThat(inPlace.getReadLockMinAge()).isEqualTo(600_000);
        // the file is booked although the read lock's minimum age (10 minutes) is far off: see the test below
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws IOException {
        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        drop("plant-3000", "huge.csv", big);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                files("plant-3000", "error").stream().anyMatch(p -> p.toString().endsWith("huge.csv.report.json")));
        Path report = files("plant-3000", "error").stream().filter(p -> p.toString().endsWith("huge.csv.report.json"))
                .findFirst().orElseThrow();
        assertThat(Files.readString(report)).contains("file is 102400 bytes, over the limit of 65536 bytes");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE source = 'huge.csv'", Long.class)).isEqualTo(1);
    }

    @Test
    void aThirdPlantIsAddedByConfigurationAndAMappingFileOnly() throws IOException {
        drop("plant-3000", "confirmations_20261126.csv",
                Files.readAllBytes(Path.of("src/test/resources/samples/new-plant/confirmations_20261126.csv")));
        drop("plant-3000", "not-a-confirmation-export.txt", "hello".getBytes());
        awaitBooked(2, Duration.ofMinutes(2));

        Map<String, JsonNode> byOrder = erp.confirmations().stream()
                .collect(Collectors.toMap(c -> c.path("OrderID").asText(), c -> c));
        JsonNode first = byOrder.get("3000001");
        assertThat(first.path("Plant").asText()).isEqualTo("3000");
        assertThat(first.path("OrderOperation").asText()).isEqualTo("0010");
        assertThat(first.path("ConfirmationYieldQuantity").asText()).isEqualTo("12.500");
        assertThat(first.path("ConfirmationScrapQuantity").asText()).isEqualTo("0.250");
        assertThat(first.path("ConfirmationUnit").asText()).isEqualTo("KG");
        assertThat(first.path("ConfirmedExecutionStartTime").asText()).isEqualTo("PT07H00M00S");
        JsonNode second = byOrder.get("3000002");
        assertThat(second.path("IsFinalConfirmation").asBoolean()).isTrue();
        assertThat(second.path("ConfirmedExecutionEndTime").asText()).isEqualTo("PT00H45M00S");
        assertThat(second.path("ConfirmedExecutionEndDate").asText()).isNotEqualTo(second.path("ConfirmedExecutionStartDate").asText());

        // a file the plant's mapping does not cover is refused with a report, not guessed at
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                files("plant-3000", "error").stream().anyMatch(p -> p.toString().endsWith("not-a-confirmation-export.txt.report.json")));
        try (Stream<Path> error = Files.list(plantDir("plant-3000").resolve("error"))) {
            Path report = error.filter(p -> p.toString().endsWith(".report.json")).findFirst().orElseThrow();
            assertThat(Files.readString(report)).contains("no inbound mapping of plant plant-3000 matches the file name");
        }
    }
}
