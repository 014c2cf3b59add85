package io.meserp.hub.movement;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Goods movements end to end (workflow W3): consumption (261) and receipts (101) from CSV and B2MML become
 * material documents in the ERP sandbox exactly once, moving its stock once; what the ERP refuses (a stock
 * deficit, an unknown material, a receipt of the wrong material) becomes an exception with the ERP's text.
 */
class GoodsMovementIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Path SAMPLES = Path.of("src/test/resources/samples/goods-movement/input");
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String HEADER = "Meldungs-ID;Auftrag;Bewegungsart;Material;Lagerort;Charge;Menge;Einheit;"
            + "Buchungszeit;Reservierung;Position;Endausfassung";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void consumptionAndReceiptFromCsvBookMaterialDocumentsOnceAndMoveStockOnce() throws IOException {
        BigDecimal rm01 = erp.stock("RM-1000-01", "1000", "");
        BigDecimal rm03 = erp.stock("RM-1000-03", "1000", "B-0001");
        BigDecimal fg = erp.stock("FG-1000", "1000", "");
        byte[] file = Files.readAllBytes(SAMPLES.resolve("warenbewegungen-1000.csv"));
        drop("plant-1000", "warenbewegungen-1000.csv", file);
        awaitDocuments(4);

        List<JsonNode> documents = erp.materialDocuments();
        List<String> items = documents.stream().map(d -> {
            JsonNode item = d.path("to_MaterialDocumentItem").path("results").get(0);
            return String.join(" ", d.path("GoodsMovementCode").asText(), item.path("GoodsMovementType").asText(),
                    item.path("Material").asText(), item.path("Batch").asText(), item.path("QuantityInEntryUnit").asText(),
                    item.path("EntryUnit").asText(), item.path("ManufacturingOrder").asText(),
                    item.path("ManufacturingOrderItem").asText());
        }).sorted().toList();
        assertThat(items).containsExactly(
                "02 101 FG-1000  20.000 ST 1000010 0001",
                "03 261 RM-1000-01  10.000 ST 1000010 ",
                "03 261 RM-1000-02  2.500 KG 1000010 ",
                "03 261 RM-1000-03 B-0001 5.000 ST 1000010 ");
        assertThat(documents).allMatch(d -> d.path("ReferenceDocument").asText().matches("[0-9A-F]{16}"));
        assertThat(erp.stock("RM-1000-01", "1000", "")).isEqualByComparingTo(rm01.subtract(BigDecimal.TEN));
        assertThat(erp.stock("RM-1000-03", "1000", "B-0001")).isEqualByComparingTo(rm03.subtract(new BigDecimal(5)));
        assertThat(erp.stock("FG-1000", "1000", "")).isEqualByComparingTo(fg.add(new BigDecimal(20)));

        drop("plant-1000", "warenbewegungen-1000-again.csv", file);
        await().atMost(LONG).until(() -> files("plant-1000", "archive").stream()
                .anyMatch(p -> p.toString().endsWith("warenbewegungen-1000-again.csv")));
        awaitDocuments(4);
        assertThat(erp.materialDocumentCount()).isEqualTo(4);
        assertThat(erp.stock("RM-1000-01", "1000", "")).isEqualByComparingTo(rm01.subtract(BigDecimal.TEN));
    }

    @Test
    void consumedAndProducedMaterialsFromB2mmlWithLotsAreBooked() throws IOException {
        drop("plant-2000", "plant-2000-20261126-materials.xml", Files.readAllBytes(SAMPLES.resolve("plant-2000-20261126-materials.xml")));
        awaitDocuments(3);
        List<String> items = erp.materialDocuments().stream().map(d -> {
            JsonNode item = d.path("to_MaterialDocumentItem").path("results").get(0);
            return item.path("GoodsMovementType").asText() + " " + item.path("Material").asText() + " "
                    + item.path("Batch").asText() + " " + item.path("QuantityInEntryUnit").asText() + " "
                    + item.path("EntryUnit").asText() + " " + item.path("Plant").asText();
        }).sorted().toList();
        assertThat(items).containsExactly("101 FG-2000 FG-261126 100.000 ST 2000", "261 RM-2000-01  3.500 KG 2000",
                "261 RM-2000-02 L-77 10.000 ST 2000");
    }

    /**
     * Issue 11, defects 5 and 6: one V0700 SyncOperationsPerformance carrying output and consumption feeds the
     * confirmation (scrap from a property, operation by name, site PLANT-2000) and the goods issue from the same file;
     * its output is not received again (plant.yaml: produced none for performance reports). The same content under a
     * materials name is read again for that entry's flows, and books nothing twice.
     */
    @Test
    void oneDocumentFeedsConfirmationsAndGoodsMovements() throws IOException {
        byte[] sync = Files.readString(Path.of("src/test/resources/samples/b2mml/plant-2000-sync-operations-v0700.xml"))
                .replace("<MaterialLotID>L240603-0711</MaterialLotID>", "")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        drop("plant-2000", "sync-07.xml", sync);
        awaitDocuments(1);
        await().atMost(LONG).until(() -> erp.confirmations().stream()
                .anyMatch(c -> c.path("OrderID").asText().equals("2000007")));
        JsonNode confirmation = erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals("2000007"))
                .findFirst().orElseThrow();
        assertThat(confirmation.path("OrderOperation").asText()).isEqualTo("0010");
        assertThat(confirmation.path("ConfirmationYieldQuantity").asText()).isEqualTo("300.000");
        assertThat(confirmation.path("ConfirmationScrapQuantity").asText()).isEqualTo("9.000");
        JsonNode item = erp.materialDocuments().get(0).path("to_MaterialDocumentItem").path("results").get(0);
        assertThat(item.path("GoodsMovementType").asText() + " " + item.path("Material").asText() + " "
                + item.path("QuantityInEntryUnit").asText()).isEqualTo("261 RM-2000-01 12.500");

        drop("plant-2000", "sync-07-materials.xml", sync);
        await().atMost(LONG).until(() -> files("plant-2000", "archive").stream()
                .anyMatch(p -> p.getFileName().toString().endsWith("sync-07-materials.xml")));
        assertThat(jdbc.queryForObject("SELECT outcome FROM hub_file WHERE file_name = 'sync-07-materials.xml'",
                String.class)).isEqualTo("ARCHIVED");
        awaitDocuments(2);
        assertThat(erp.materialDocuments()).extracting(d -> d.path("to_MaterialDocumentItem").path("results").get(0)
                .path("GoodsMovementType").asText()).containsExactlyInAnyOrder("261", "101");
        assertThat(erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals("2000007"))).hasSize(1);
    }

    @Test
    void whatTheErpRefusesBecomesAnExceptionAndTheRestIsBooked() {
        String csv = HEADER + "\n"
                + ";1000011;Verbrauch;RM-1000-SCARCE;0001;;10;KG;26.11.2026 07:00:00;;;\n"
                + ";1000012;Verbrauch;RM-1000-UNKNOWN;0001;;1;ST;26.11.2026 07:00:00;;;\n"
                + ";1000013;Zugang;RM-1000-01;0001;;1;ST;26.11.2026 07:00:00;;;\n"
                + ";1000014;Verbrauch;RM-1000-01;0001;;1;ST;26.11.2026 07:00:00;;;\n";
        drop("plant-1000", "warenbewegungen-refused.csv", csv.getBytes(StandardCharsets.UTF_8));
        awaitDocuments(1);
        await().atMost(LONG).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_exception WHERE flow = 'movement' AND order_no IN ('1000011', '1000012', '1000013')",
                Long.class) == 3);
        assertThat(reason("1000011")).contains("HTTP 400").contains("M7/021").contains("Deficit of SL Unrestricted-use 5.000 KG");
        assertThat(reason("1000012")).contains("M7/018").contains("Material RM-1000-UNKNOWN not maintained in plant 1000");
        assertThat(reason("1000013")).contains("is not the material FG-1000 of order 1000013");
        assertThat(erp.stock("RM-1000-SCARCE", "1000", "")).isEqualByComparingTo("5");
        assertThat(erp.materialDocumentCount()).isEqualTo(1);
    }

    @Test
    void commitThenTimeoutBooksEachMovementAndMovesStockOnce() {
        erp.faults("{\"commitThenTimeoutRate\": 0.3}");
        BigDecimal before = erp.stock("RM-1000-01", "1000", "");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        LocalDateTime t = LocalDateTime.of(2026, 10, 27, 6, 0);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
        for (int i = 0; i < 40; i++) {
            csv.append(';').append(1000020 + i % 8).append(";Verbrauch;RM-1000-01;0001;;").append(i + 1)
                    .append(";ST;").append(format.format(t.plusMinutes(i))).append(";;;\n");
        }
        drop("plant-1000", "warenbewegungen-flaky.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        awaitDocuments(40);
        erp.clearFaults();
        assertThat(erp.materialDocumentCount()).isEqualTo(40);
        assertThat(erp.materialDocuments().stream().map(d -> d.path("ReferenceDocument").asText())
                .collect(Collectors.toSet())).hasSize(40);
        assertThat(erp.stock("RM-1000-01", "1000", "")).isEqualByComparingTo(before.subtract(new BigDecimal(40 * 41 / 2)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE posted_note LIKE 'found in ERP%'"
                + " AND event_id IN (SELECT event_id FROM hub_event WHERE source LIKE 'warenbewegungen-flaky.csv %')", Long.class))
                .as("documents recovered by asking the ERP").isPositive();
    }

    private String reason(String order) {
        return jdbc.queryForObject("SELECT reason FROM hub_exception WHERE flow = 'movement' AND order_no = ?", String.class, order);
    }

    private void awaitDocuments(long expected) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> erp.materialDocumentCount() >= expected && inFlight() == 0);
    }
}
