package io.meserp.hub.confirmation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
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

    private static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/samples/confirmation/input", name));
    }
}
