package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationEventsTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ConfirmationEvents events = new ConfirmationEvents(mapper);
    private final EventValidator validator = new EventValidator(mapper);

    private static ProductionConfirmation confirmation(String yield, String mesId) {
        return new ProductionConfirmation("1000001", "0010", "1000", "ASSY-01", new BigDecimal(yield),
                BigDecimal.ZERO, BigDecimal.ZERO, "PCE", false, OffsetDateTime.parse("2026-11-26T06:00:00+01:00"),
                OffsetDateTime.parse("2026-11-26T08:00:00+01:00"), "4711", null, mesId);
    }

    @Test
    void theSameFactIsTheSameEventWhateverItsNotation() {
        CloudEvent a = events.toEvent("plant-1000", confirmation("95", null));
        CloudEvent b = events.toEvent("plant-1000", confirmation("95.000", null));
        CloudEvent other = events.toEvent("plant-1000", confirmation("96", null));
        assertThat(a.id()).isEqualTo(b.id()).isNotEqualTo(other.id());
        assertThat(a.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(events.toEvent("plant-2000", confirmation("95", null)).id()).isNotEqualTo(a.id());
    }

    @Test
    void theMesEventIdDecidesWhenThePlantSendsOne() {
        assertThat(events.toEvent("plant-1000", confirmation("95", "M-1")).id())
                .isEqualTo(events.toEvent("plant-1000", confirmation("96", "M-1")).id())
                .isNotEqualTo(events.toEvent("plant-1000", confirmation("95", "M-2")).id());
    }

    @Test
    void theEnvelopeIsACloudEventThatPassesItsSchemas() {
        CloudEvent event = events.toEvent("plant-1000", confirmation("95", null));
        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.source()).isEqualTo("mes://plant-1000");
        assertThat(event.subject()).isEqualTo("1000001");
        assertThat(event.type()).isEqualTo("io.meserp.production-confirmation.v1");
        assertThat(event.dataschema()).isEqualTo("urn:meserp:schema:production-confirmation/v1");
        assertThat(validator.violations(event)).isEmpty();
    }

    @Test
    void schemaViolationsNameTheField() {
        ProductionConfirmation bad = new ProductionConfirmation("1000001", "10", "1000", null, new BigDecimal("-1"),
                BigDecimal.ZERO, BigDecimal.ZERO, "PIECES", false, null, OffsetDateTime.parse("2026-11-26T08:00:00Z"),
                null, null, null);
        assertThat(validator.violations(events.toEvent("plant-1000", bad)))
                .anyMatch(v -> v.startsWith("data.yield:"))
                .anyMatch(v -> v.startsWith("data.unit:"))
                .noneMatch(v -> v.startsWith("data.operation:")); // an ERP's format, not the canonical schema's
    }

    /** The canonical schema is ERP-neutral; what one ERP can hold is its connector's rule, checked with the plant's. */
    @Test
    void theFormatsOfThePlantsErpAreCheckedAfterTheSchema() {
        ProductionConfirmation tryton = new ProductionConfirmation("MO/0042", "10", "WH", null, new BigDecimal("5"),
                BigDecimal.ZERO, BigDecimal.ZERO, "PCE", false, null, OffsetDateTime.parse("2026-11-26T08:00:00Z"),
                null, null, null);
        assertThat(validator.violations(events.toEvent("plant-4000", tryton))).isEmpty();
        EventValidator sap = new EventValidator(mapper, (plant, data) -> plant.equals("plant-1000")
                ? io.meserp.hub.erp.connector.Formats.sapFor("s4").violations(data) : java.util.List.of());
        assertThat(sap.violations(events.toEvent("plant-4000", tryton))).isEmpty();
        assertThat(sap.violations(events.toEvent("plant-1000", tryton))).containsExactlyInAnyOrder(
                "data.order: 'MO/0042' does not match ^[0-9A-Z]{1,12}$, a format of ERP connector s4 (the SAP formats"
                        + " built into its type)",
                "data.plant: 'WH' does not match ^[0-9A-Z]{4}$, a format of ERP connector s4 (the SAP formats built into"
                        + " its type)",
                "data.operation: '10' does not match ^[0-9]{4}$, a format of ERP connector s4 (the SAP formats built into"
                        + " its type)");
    }
}
