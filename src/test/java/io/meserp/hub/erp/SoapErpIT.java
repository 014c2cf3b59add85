package io.meserp.hub.erp;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The legacy SOAP ERP variant (Camel CXF client, the sandbox's SOAP service): the same plant files booked through
 * OData (plant-1000) and through SOAP (plant-1200, configured erp-variant: soap) give the same bookings, and a SOAP
 * fault is an exception with the ERP's message. The reliability scenarios (outage, an answer lost after booking,
 * refusal, poison message, re-drop) run for both in ConnectorKitIT.
 */
class SoapErpIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(3);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "src/test/resources/samples/soap/plant-1200");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void theSameScenarioGivesTheSameBookingsInBothDialects() throws IOException {
        byte[] confirmations = Plant1000Csv.generate(40, 8, LocalDateTime.of(2026, 10, 5, 5, 0)).bytes();
        byte[] movements = Files.readAllBytes(Path.of("src/test/resources/samples/goods-movement/input/warenbewegungen-1000.csv"));

        drop("plant-1000", "shift.csv", confirmations);
        drop("plant-1000", "warenbewegungen.csv", movements);
        await().atMost(LONG).until(() -> erp.count() == 40 && erp.materialDocumentCount() == 4 && inFlight() == 0);
        List<String> viaOData = bookings();

        erp.reset();
        drop("plant-1200", "shift.csv", confirmations);
        drop("plant-1200", "warenbewegungen.csv", movements);
        await().atMost(LONG).until(() -> erp.count() == 40 && erp.materialDocumentCount() == 4 && inFlight() == 0);
        List<String> viaSoap = bookings();

        assertThat(viaSoap).hasSize(44).isEqualTo(viaOData);
        assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct()).hasSize(40);
    }

    @Test
    void aSoapFaultFromTheErpBecomesAnExceptionWithItsMessage() {
        Plant1000Csv csv = new Plant1000Csv();
        LocalDateTime t = LocalDateTime.of(2026, 10, 19, 5, 0);
        csv.add("1000999", "0010", "ASSY-01", BigDecimal.TEN, BigDecimal.ZERO, t, t.plusMinutes(5));
        drop("plant-1200", "refused.csv", csv.bytes());
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE plant = 'plant-1200'"
                + " AND order_no = '1000999'", Long.class) == 1);
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE plant = 'plant-1200' AND order_no = '1000999'",
                String.class)).contains("SOAP PostConfirmation").contains("RU/101").contains("Order 1000999 does not exist");
    }

    /** What the ERP holds, independent of dialect and numbering: one line per booking, sorted. */
    private List<String> bookings() {
        List<String> lines = new java.util.ArrayList<>();
        for (JsonNode c : erp.confirmations()) {
            lines.add(String.join("|", "C", c.path("OrderID").asText(), c.path("OrderOperation").asText(),
                    c.path("Plant").asText(), c.path("WorkCenter").asText(), c.path("ConfirmationYieldQuantity").asText(),
                    c.path("ConfirmationScrapQuantity").asText(), c.path("ConfirmationReworkQuantity").asText(),
                    c.path("ConfirmationUnit").asText(), c.path("IsFinalConfirmation").asText(), c.path("PostingDate").asText(),
                    c.path("ConfirmedExecutionStartDate").asText(), c.path("ConfirmedExecutionStartTime").asText(),
                    c.path("ConfirmedExecutionEndDate").asText(), c.path("ConfirmedExecutionEndTime").asText(),
                    c.path("Personnel").asText()));
        }
        for (JsonNode d : erp.materialDocuments()) {
            JsonNode item = d.path("to_MaterialDocumentItem").path("results").get(0);
            lines.add(String.join("|", "M", d.path("GoodsMovementCode").asText(), d.path("PostingDate").asText(),
                    item.path("GoodsMovementType").asText(), item.path("Material").asText(), item.path("Plant").asText(),
                    item.path("StorageLocation").asText(), item.path("Batch").asText(), item.path("QuantityInEntryUnit").asText(),
                    item.path("EntryUnit").asText(), item.path("ManufacturingOrder").asText()));
        }
        return lines.stream().sorted().toList();
    }
}
