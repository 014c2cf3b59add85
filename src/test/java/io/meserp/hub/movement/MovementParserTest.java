package io.meserp.hub.movement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.support.TestPlants;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MovementParserTest {

    private static final PlantRegistry PLANTS = TestPlants.registry(Path.of("mappings/plants"));
    private static final Path SAMPLES = Path.of("src/test/resources/samples/goods-movement/input");

    private static PlantDefinition.Inbound inbound(String plant, String file) {
        return PLANTS.find(plant).orElseThrow().inboundFor(file).orElseThrow();
    }

    @Test
    void readsPlant1000sMovementsWithItsOwnMovementWords() throws Exception {
        PlantDefinition.Inbound inbound = inbound("plant-1000", "warenbewegungen-1000.csv");
        assertThat(inbound.flow()).isEqualTo("movement");
        ParseResult<MaterialMovement> result = new MovementCsvParser(inbound.csv(), "1000")
                .parse(Files.readAllBytes(SAMPLES.resolve("warenbewegungen-1000.csv")));
        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(p -> p.value().movementType()).containsExactly("261", "261", "261", "101");
        MaterialMovement second = result.accepted().get(1).value();
        assertThat(second.material()).isEqualTo("RM-1000-02");
        assertThat(second.storageLocation()).isEqualTo("0001");
        assertThat(second.quantity()).isEqualByComparingTo("2.5");
        assertThat(second.unit()).isEqualTo("KGM");
        assertThat(second.reservation()).isEqualTo("0000012345");
        assertThat(second.finalIssue()).isTrue();
        assertThat(second.postingTime()).isEqualTo(OffsetDateTime.parse("2026-11-26T07:20:00+01:00"));
        assertThat(result.accepted().get(2).value().batch()).isEqualTo("B-0001");
    }

    @Test
    void refusesUnknownMovementWordsAndZeroQuantities() {
        PlantDefinition.Inbound inbound = inbound("plant-1000", "warenbewegungen-x.csv");
        String csv = "Meldungs-ID;Auftrag;Bewegungsart;Material;Lagerort;Charge;Menge;Einheit;Buchungszeit;Reservierung;Position;Endausfassung\n"
                + ";1000010;Umbuchung;RM-1000-01;0001;;10;ST;26.11.2026 07:15:00;;;\n"
                + ";1000010;Verbrauch;RM-1000-01;0001;;0;ST;26.11.2026 07:15:00;;;\n";
        ParseResult<MaterialMovement> result = new MovementCsvParser(inbound.csv(), "1000").parse(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected()).extracting(r -> r.location() + " " + r.field()).containsExactly(
                "row 1 (line 2) movement-type", "row 2 (line 3) quantity");
        assertThat(result.rejected().get(0).reason()).contains("'Umbuchung' is not one of");
    }

    @Test
    void readsConsumedAndProducedMaterialsFromB2mml() throws Exception {
        PlantDefinition.Inbound inbound = inbound("plant-2000", "plant-2000-20261126-materials.xml");
        assertThat(inbound.flow()).isEqualTo("movement");
        ParseResult<MaterialMovement> result = new MovementB2mmlParser(inbound.b2mml(), "2000")
                .parse(Files.readAllBytes(SAMPLES.resolve("plant-2000-20261126-materials.xml")));
        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(p -> p.value().movementType() + " " + p.value().material() + " "
                + p.value().batch() + " " + p.value().quantity().stripTrailingZeros().toPlainString() + " " + p.value().unit())
                .containsExactly("101 FG-2000 FG-261126 100 PCE", "261 RM-2000-01 null 3.5 KGM", "261 RM-2000-02 L-77 10 PCE");
        assertThat(result.accepted()).extracting(p -> p.value().storageLocation()).containsOnly("0001");
        assertThat(result.accepted().get(0).value().postingTime()).isEqualTo(OffsetDateTime.parse("2026-11-26T08:00:00+01:00"));
    }

    /** Defect 7: a lot id over the ERP's 10 characters goes through the plant's batch rule, or is refused by name. */
    @Test
    void longLotsAreRewrittenByThePlantsBatchRuleOrRefusedNamingIt() {
        PlantDefinition.Inbound inbound = inbound("plant-2000", "plant-2000-20261126-materials.xml");
        String xml = """
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ProductionResponse>
                <ProductionRequestID>2000004</ProductionRequestID>
                <SegmentResponse><ID>1</ID><ProcessSegmentID>10</ProcessSegmentID><ActualEndTime>2026-11-26T09:00:00+01:00</ActualEndTime>
                  <MaterialProducedActual><MaterialDefinitionID>FG-2000</MaterialDefinitionID><MaterialLotID>L240603-0711</MaterialLotID>
                    <Quantity><QuantityString>5</QuantityString><UnitOfMeasure>ST</UnitOfMeasure></Quantity></MaterialProducedActual>
                  <MaterialConsumedActual><MaterialDefinitionID>RM-2000-01</MaterialDefinitionID><MaterialLotID>LOT-2024-000123</MaterialLotID>
                    <Quantity><QuantityString>5</QuantityString><UnitOfMeasure>KG</UnitOfMeasure></Quantity></MaterialConsumedActual>
                </SegmentResponse></ProductionResponse></ProductionPerformance>""";
        ParseResult<MaterialMovement> result = new MovementB2mmlParser(inbound.b2mml(), "2000")
                .parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(result.accepted()).extracting(p -> p.value().batch()).containsExactly("2406030711");
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("MaterialLotID");
            assertThat(r.reason()).contains("'LOT-2024-000123'", "10 characters", "batch.pattern");
        });
    }

    /** Defect 1 for movements: two documents whose segments share an ID but not an order are two facts. */
    @Test
    void movementIdsAreScopedByOrder() {
        PlantDefinition.Inbound inbound = inbound("plant-2000", "plant-2000-20261126-materials.xml");
        String template = """
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ProductionResponse>
                <ProductionRequestID>%s</ProductionRequestID>
                <SegmentResponse><ID>0010</ID><ProcessSegmentID>10</ProcessSegmentID><ActualEndTime>2026-11-26T09:00:00+01:00</ActualEndTime>
                  <MaterialConsumedActual><MaterialDefinitionID>RM-2000-01</MaterialDefinitionID>
                    <Quantity><QuantityString>5</QuantityString><UnitOfMeasure>KG</UnitOfMeasure></Quantity></MaterialConsumedActual>
                </SegmentResponse></ProductionResponse></ProductionPerformance>""";
        MovementB2mmlParser parser = new MovementB2mmlParser(inbound.b2mml(), "2000");
        MaterialMovement a = parser.parse(template.formatted("2000004").getBytes(java.nio.charset.StandardCharsets.UTF_8)).accepted().get(0).value();
        MaterialMovement b = parser.parse(template.formatted("2000005").getBytes(java.nio.charset.StandardCharsets.UTF_8)).accepted().get(0).value();
        assertThat(a.mesEventId()).isEqualTo(b.mesEventId());
        assertThat(MovementEvents.id("plant-2000", a)).isNotEqualTo(MovementEvents.id("plant-2000", b));
    }
}
