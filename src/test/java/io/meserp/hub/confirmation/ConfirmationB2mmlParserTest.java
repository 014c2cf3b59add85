package io.meserp.hub.confirmation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfirmationB2mmlParserTest {

    private final B2mmlLayout layout = ConfirmationCsvParserTest.plant("plant-2000").inbound().get(0).b2mml();
    private final ConfirmationB2mmlParser parser = new ConfirmationB2mmlParser(layout, "2000");

    @Test
    void readsV0600WithScrapAsAKeyedQuantity() throws Exception {
        ParseResult<ProductionConfirmation> result = parser.parse(sample("plant-2000-performance-v0600.xml"));
        assertThat(result.rejected()).isEmpty();
        ProductionConfirmation c = result.accepted().get(0).value();
        assertThat(c.order()).isEqualTo("2000001");
        assertThat(c.operation()).isEqualTo("0010");
        assertThat(c.plant()).isEqualTo("2000");
        assertThat(c.workCenter()).isEqualTo("PRESS-01");
        assertThat(c.personnel()).isEqualTo("815");
        assertThat(c.yield()).isEqualByComparingTo("480");
        assertThat(c.scrap()).isEqualByComparingTo("12");
        assertThat(c.unit()).isEqualTo("PCE");
        assertThat(c.finalConfirmation()).isTrue();
        assertThat(c.executionEnd()).isEqualTo(OffsetDateTime.parse("2026-11-26T09:45:00+01:00"));
        assertThat(c.mesEventId()).isEqualTo("SR-2000001-0010-1");
        assertThat(result.accepted().get(0).location()).isEqualTo("ProductionResponse[1]/SegmentResponse[1]");
    }

    @Test
    void readsV0700WithMaterialActualProducedAndRework() throws Exception {
        ProductionConfirmation c = parser.parse(sample("plant-2000-performance-v0700.xml")).accepted().get(0).value();
        assertThat(c.operation()).isEqualTo("0020");
        assertThat(c.yield()).isEqualByComparingTo("200.5");
        assertThat(c.rework()).isEqualByComparingTo("1");
        assertThat(c.finalConfirmation()).isFalse();
    }

    @Test
    void aBadSegmentIsRefusedByElementAndTheOthersAreRead() {
        String xml = """
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ProductionResponse>
                <ProductionRequestID>2000003</ProductionRequestID>
                <SegmentResponse><ProcessSegmentID>10</ProcessSegmentID><ActualEndTime>2026-11-26T09:00:00+01:00</ActualEndTime>
                  <MaterialProducedActual><Quantity><QuantityString>5</QuantityString><UnitOfMeasure>ST</UnitOfMeasure></Quantity></MaterialProducedActual></SegmentResponse>
                <SegmentResponse><ProcessSegmentID>20</ProcessSegmentID><ActualEndTime>yesterday</ActualEndTime>
                  <MaterialProducedActual><Quantity><QuantityString>five</QuantityString><UnitOfMeasure>ST</UnitOfMeasure></Quantity></MaterialProducedActual></SegmentResponse>
                </ProductionResponse></ProductionPerformance>""";
        ParseResult<ProductionConfirmation> result = parser.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected()).extracting(r -> r.location() + " " + r.field()).containsExactlyInAnyOrder(
                "ProductionResponse[1]/SegmentResponse[2] ActualEndTime",
                "ProductionResponse[1]/SegmentResponse[2] Quantity/QuantityString");
    }

    @Test
    void hostileOrForeignXmlIsRefused() {
        assertThatThrownBy(() -> parser.parse("""
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600">&e;</ProductionPerformance>"""
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("DTD (DOCTYPE) is refused");
        assertThatThrownBy(() -> parser.parse("<ProductionPerformance xmlns=\"urn:other\"/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("namespace 'urn:other'");
        assertThatThrownBy(() -> parser.parse("<ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\">"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("not well-formed");
    }

    private static final String SEGMENT = """
            <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600">%s<ProductionResponse>
            <ProductionRequestID>%s</ProductionRequestID>
            <SegmentResponse><ID>0010</ID><ProcessSegmentID>%s</ProcessSegmentID><ActualEndTime>2026-11-26T09:00:00+01:00</ActualEndTime>
              <MaterialProducedActual><MaterialDefinitionID>FG-2000</MaterialDefinitionID>
                <Quantity><QuantityString>100</QuantityString><UnitOfMeasure>ST</UnitOfMeasure>%s</Quantity>%s</MaterialProducedActual>
            </SegmentResponse></ProductionResponse></ProductionPerformance>""";

    private ParseResult<ProductionConfirmation> segment(String scope, String order, String operation, String key,
            String properties) {
        return parser.parse(SEGMENT.formatted(scope, order, operation, key, properties).getBytes(StandardCharsets.UTF_8));
    }

    /** Defect 1: SegmentResponse/ID is unique only within its response; the event id must carry order and operation. */
    @Test
    void segmentIdsSharedByTwoOrdersGiveTwoEvents() {
        ProductionConfirmation a = segment("", "2000004", "10", "", "").accepted().get(0).value();
        ProductionConfirmation b = segment("", "2000005", "10", "", "").accepted().get(0).value();
        assertThat(a.mesEventId()).isEqualTo("0010").isEqualTo(b.mesEventId());
        assertThat(ConfirmationEvents.id("plant-2000", a)).isNotEqualTo(ConfirmationEvents.id("plant-2000", b));
    }

    /** Defect 2: scrap as a property is read; a key or property the mapping does not know refuses the segment. */
    @Test
    void scrapAsAPropertyIsReadAndUnknownQualifiersAreReported() {
        ProductionConfirmation c = segment("", "2000004", "10", "", """
                <MaterialProducedActualProperty><ID>ScrapQuantity</ID><Value><ValueString>7</ValueString></Value></MaterialProducedActualProperty>
                <MaterialProducedActualProperty><ID>Temperature</ID><Value><ValueString>81</ValueString></Value></MaterialProducedActualProperty>""")
                .accepted().get(0).value();
        assertThat(c.scrap()).isEqualByComparingTo("7");
        assertThat(c.yield()).isEqualByComparingTo("100");
        ParseResult<ProductionConfirmation> unknownKey = segment("", "2000004", "10", "<Key>Defect</Key>", "");
        assertThat(unknownKey.accepted()).isEmpty();
        assertThat(unknownKey.rejected()).extracting(r -> r.field() + ": " + r.reason())
                .anyMatch(r -> r.startsWith("Quantity/Key: Quantity/Key 'Defect' is not in b2mml.yaml quantity-keys"));
        ParseResult<ProductionConfirmation> unknownProperty = segment("", "2000004", "10", "",
                "<MaterialProducedActualProperty><ID>BadParts</ID><Value><ValueString>3</ValueString></Value></MaterialProducedActualProperty>");
        assertThat(unknownProperty.accepted()).isEmpty();
        assertThat(unknownProperty.rejected()).extracting(Rejection::reason).anyMatch(r -> r.contains("'BadParts'"));
    }

    /** Defect 3: the operation comes from the element and value map the mapping names. */
    @Test
    void operationsByNameAreMappedAndUnmappedNamesAreRefused() {
        assertThat(segment("", "2000004", "PRESSING", "", "").accepted().get(0).value().operation()).isEqualTo("0010");
        assertThat(segment("", "2000004", "WELDING", "", "").rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("'WELDING'", "operation.values"));
        B2mmlLayout byId = new B2mmlLayout(layout.namespaces(), layout.units(), layout.sites(), "ID", java.util.Map.of(),
                layout.quantityKeys(), layout.properties(), null, null, null, null, 10, "261", "101");
        assertThat(new ConfirmationB2mmlParser(byId, "2000").parse(SEGMENT.formatted("", "2000004", "ASSEMBLY", "", "")
                .getBytes(StandardCharsets.UTF_8)).accepted().get(0).value().operation()).isEqualTo("0010");
    }

    /** Defect 4: the site is any of the plant's site ids, and only those. */
    @Test
    void sitesComeFromTheMapping() {
        assertThat(segment("<HierarchyScope><EquipmentID>PLANT-2000</EquipmentID></HierarchyScope>", "2000004", "10", "", "")
                .accepted()).hasSize(1);
        assertThatThrownBy(() -> segment("<HierarchyScope><EquipmentID>PLANT-1000</EquipmentID></HierarchyScope>",
                "2000004", "10", "", "")).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("'PLANT-1000'").hasMessageContaining("sites");
    }

    /** Defect 5: the Process/Sync/Notify BODs and V0700 OperationsPerformance are read; other verbs are refused. */
    @Test
    void bodFormsAndOperationsPerformanceAreRead() throws Exception {
        String inner = SEGMENT.formatted("", "2000004", "10", "", "")
                .replace("<ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\">", "<ProductionPerformance>");
        for (String verb : java.util.List.of("Process", "Sync", "Notify")) {
            String bod = "<" + verb + "ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\" releaseID=\"6.0\">"
                    + "<ApplicationArea><CreationDateTime>2026-11-26T10:00:00+01:00</CreationDateTime></ApplicationArea>"
                    + "<DataArea><" + verb + "/>" + inner + "</DataArea></" + verb + "ProductionPerformance>";
            assertThat(parser.parse(bod.getBytes(StandardCharsets.UTF_8)).accepted()).as(verb).hasSize(1);
        }
        String cancel = "<CancelProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\"><ApplicationArea/>"
                + "<DataArea><Cancel/>" + inner + "</DataArea></CancelProductionPerformance>";
        assertThatThrownBy(() -> parser.parse(cancel.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("does not report production");
        ParseResult<ProductionConfirmation> sync = parser.parse(Files.readAllBytes(
                Path.of("src/test/resources/samples/b2mml/plant-2000-sync-operations-v0700.xml")), true);
        assertThat(sync.rejected()).isEmpty();
        ProductionConfirmation c = sync.accepted().get(0).value();
        assertThat(c.order() + " " + c.operation() + " " + c.yield().stripTrailingZeros().toPlainString() + " "
                + c.scrap().stripTrailingZeros().toPlainString())
                .isEqualTo("2000007 0010 300 9");
        assertThat(c.finalConfirmation()).isTrue();
    }

    private static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/samples/confirmation/input", name));
    }
}
