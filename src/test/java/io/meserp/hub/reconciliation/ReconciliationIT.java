package io.meserp.hub.reconciliation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shift-end reconciliation against what the ERP really holds: one shift of plant 1000 in which every kind of
 * difference the report claims to find is made to happen, each its own order, plus orders that agree.
 */
class ReconciliationIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);
    /** The early shift (06:00-14:00 Europe/Berlin) of this day. */
    private static final LocalDate DAY = LocalDate.of(2026, 9, 14);
    private static final String MOVEMENT_HEADER = "Meldungs-ID;Auftrag;Bewegungsart;Material;Lagerort;Charge;Menge;Einheit;"
            + "Buchungszeit;Reservierung;Position;Endausfassung";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    CamelContext camel;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aShiftReportFindsEveryKindOfMismatchWithItsCause() throws Exception {
        HubApi api = new HubApi(port);
        for (String order : List.of("4200001", "4200002", "4200003", "4200004", "4200006", "4200007")) {
            erp.createOrder(order, true);
        }
        erp.createOrder("4200005", false);
        LocalDateTime t = DAY.atTime(7, 0);
        Plant1000Csv csv = new Plant1000Csv();
        csv.add("4200001", "0010", "ASSY-01", new BigDecimal("10"), new BigDecimal("1"), t, t.plusMinutes(20)); // agrees
        csv.add("4200001", "0010", "ASSY-01", new BigDecimal("5"), BigDecimal.ZERO, t.plusHours(1), t.plusHours(1).plusMinutes(20)); // lost in ERP
        csv.add("4200002", "0010", "ASSY-01", new BigDecimal("20"), BigDecimal.ZERO, t, t.plusMinutes(30)); // booked twice
        csv.add("4200003", "0010", "ASSY-01", new BigDecimal("30"), BigDecimal.ZERO, t, t.plusMinutes(40)); // changed in ERP
        csv.add("4200005", "0010", "ASSY-01", new BigDecimal("50"), BigDecimal.ZERO, t, t.plusMinutes(10)); // refused: exception
        csv.add("4200007", "0010", "ASSY-01", new BigDecimal("70"), new BigDecimal("2"), t, t.plusMinutes(10)); // agrees
        // a confirmation of the late shift must not count in the early shift
        csv.add("4200007", "0010", "ASSY-01", new BigDecimal("9"), BigDecimal.ZERO, DAY.atTime(15, 0), DAY.atTime(15, 30));
        drop("plant-1000", "early-shift.csv", csv.bytes());
        String movements = MOVEMENT_HEADER + "\n;4200001;Zugang;FG-1000;0001;;10;ST;14.09.2026 07:30:00;;;\n";
        drop("plant-1000", "warenbewegungen-early.csv", movements.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> erp.count() == 6 && erp.materialDocumentCount() == 1 && inFlight() == 0
                && jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE order_no = '4200005'", Long.class) == 1);

        // what happens in the ERP behind the hub's back
        JsonNode lost = confirmation("4200001", "5.000");
        erp.admin("DELETE", "/confirmations/" + lost.path("ConfirmationGroup").asText() + "/"
                + lost.path("ConfirmationCount").asText(), "");
        JsonNode twice = confirmation("4200002", "20.000");
        erp.bookDirectly("API_PROD_ORDER_CONFIRMATION_2_SRV", "ProdnOrdConf2", confirmationJson("4200002", "20.000",
                twice.path("ExternalSystemConfirmation").asText()));
        JsonNode changed = confirmation("4200003", "30.000");
        erp.admin("PATCH", "/confirmations/" + changed.path("ConfirmationGroup").asText() + "/"
                + changed.path("ConfirmationCount").asText(), "{\"yield\": 28}");
        erp.bookDirectly("API_PROD_ORDER_CONFIRMATION_2_SRV", "ProdnOrdConf2", confirmationJson("4200004", "4.000", null));
        erp.bookDirectly("API_MATERIAL_DOCUMENT_SRV", "A_MaterialDocumentHeader", "{\"GoodsMovementCode\":\"02\","
                + "\"PostingDate\":\"" + odataDate(DAY) + "\",\"DocumentDate\":\"" + odataDate(DAY) + "\",\"to_MaterialDocumentItem\":"
                + "{\"results\":[{\"Material\":\"FG-1000\",\"Plant\":\"1000\",\"StorageLocation\":\"0001\",\"GoodsMovementType\":\"101\","
                + "\"ManufacturingOrder\":\"4200001\",\"ManufacturingOrderItem\":\"1\",\"GoodsMovementRefDocType\":\"F\","
                + "\"QuantityInEntryUnit\":\"3.000\",\"EntryUnit\":\"ST\"}]}}");

        // an event still waiting in the queue when the shift is reconciled
        camel.getRouteController().stopRoute("confirmation-erp-post");
        try {
            Plant1000Csv pending = new Plant1000Csv();
            pending.add("4200006", "0010", "ASSY-01", new BigDecimal("60"), BigDecimal.ZERO, t, t.plusMinutes(50));
            drop("plant-1000", "early-shift-late-file.csv", pending.bytes());
            await().atMost(LONG).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM hub_event WHERE order_no = '4200006' AND status = 'QUEUED'", Long.class) == 1);

            assertThat(api.status("viewer", "POST", "/api/reconciliation", "{\"plant\":\"plant-1000\",\"shift\":\"early\","
                    + "\"date\":\"2026-09-14\"}")).isEqualTo(403);
            JsonNode report = api.json("operator", "POST", "/api/reconciliation", "{\"plant\":\"plant-1000\","
                    + "\"shift\":\"early\",\"date\":\"2026-09-14\"}", 201);
            JsonNode run = report.path("run");
            assertThat(run.path("status").asText()).isEqualTo("DONE");
            assertThat(run.path("triggeredBy").asText()).isEqualTo("operator");
            assertThat(run.path("events").asInt()).isEqualTo(8); // 7 confirmations and 1 receipt of the early shift

            Map<String, List<String>> causes = new java.util.TreeMap<>();
            report.path("mismatches").forEach(m -> causes.computeIfAbsent(m.path("order").asText(), k -> new ArrayList<>())
                    .add(m.path("measure").asText() + ":" + m.path("cause").asText()));
            assertThat(causes).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "4200001", List.of("yield:MISSING_IN_ERP", "receipt:NOT_FROM_HUB"),
                    "4200002", List.of("yield:BOOKED_TWICE_IN_ERP"),
                    "4200003", List.of("yield:QUANTITY_DIFFERS"),
                    "4200004", List.of("yield:NOT_FROM_HUB"),
                    "4200005", List.of("yield:IN_EXCEPTION"),
                    "4200006", List.of("yield:PENDING_IN_QUEUE")));
            assertThat(run.path("mismatches").asInt()).isEqualTo(7);
            JsonNode inException = find(report.path("mismatches"), "4200005");
            assertThat(inException.path("exceptionId").isNumber()).isTrue();

            Map<String, String> totals = new java.util.TreeMap<>();
            report.path("totals").forEach(x -> totals.put(x.path("order").asText() + " " + x.path("material").asText() + " "
                    + x.path("measure").asText(), plain(x.path("reported")) + "/" + plain(x.path("booked"))));
            assertThat(totals).containsEntry("4200001  yield", "15/10").containsEntry("4200001  scrap", "1/1")
                    .containsEntry("4200001 FG-1000 receipt", "10/13").containsEntry("4200002  yield", "20/40")
                    .containsEntry("4200003  yield", "30/28").containsEntry("4200004  yield", "0/4")
                    .containsEntry("4200005  yield", "50/0").containsEntry("4200006  yield", "60/0")
                    .containsEntry("4200007  yield", "70/70").containsEntry("4200007  scrap", "2/2");

            // stored and served
            long id = run.path("id").asLong();
            assertThat(api.get("viewer", "/api/reconciliation/" + id).path("mismatches")).hasSize(7);
            assertThat(api.get("viewer", "/api/reconciliation?plant=plant-1000").findValuesAsText("id")).contains(Long.toString(id));
            assertThat(api.get("viewer", "/api/reconciliation/latest").findValuesAsText("plant")).contains("plant-1000");
            assertThat(api.get("viewer", "/api/kpis").path("reconciliation").toString()).contains("plant-1000");
        } finally {
            camel.getRouteController().startRoute("confirmation-erp-post");
        }
        awaitBooked(8, LONG);
        assertThat(api.status("operator", "POST", "/api/reconciliation", "{\"plant\":\"plant-1000\",\"shift\":\"noon\","
                + "\"date\":\"2026-09-14\"}")).isEqualTo(400);
    }

    @Test
    void shiftsAreReconciledWhenTheyEndWithoutAnyoneAsking() {
        Reconciliation reconciliation = applicationContextReconciliation();
        reconciliation.runDueShifts();
        // every shift of both plants that ended in the last day (after the grace period) has a scheduled run, once
        List<Map<String, Object>> runs = jdbc.queryForList("SELECT plant, shift_name, shift_date, status FROM hub_recon_run"
                + " WHERE triggered_by = 'schedule'");
        assertThat(runs).isNotEmpty();
        assertThat(runs).allSatisfy(r -> assertThat(r.get("STATUS")).isIn("DONE"));
        assertThat(runs.stream().map(r -> r.get("PLANT")).collect(Collectors.toSet())).contains("plant-1000", "plant-2000");
        int before = runs.size();
        reconciliation.runDueShifts();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_recon_run WHERE triggered_by = 'schedule'", Integer.class))
                .isEqualTo(before);
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    private Reconciliation applicationContextReconciliation() {
        return context.getBean(Reconciliation.class);
    }

    private JsonNode confirmation(String order, String yield) {
        return erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals(order)
                && c.path("ConfirmationYieldQuantity").asText().equals(yield)).findFirst().orElseThrow();
    }

    private static JsonNode find(JsonNode mismatches, String order) {
        for (JsonNode m : mismatches) {
            if (m.path("order").asText().equals(order)) {
                return m;
            }
        }
        throw new AssertionError("no mismatch for " + order);
    }

    private static String confirmationJson(String order, String yield, String external) {
        return "{\"OrderID\":\"" + order + "\",\"OrderOperation\":\"0010\",\"ConfirmationUnitISOCode\":\"PCE\","
                + "\"ConfirmationYieldQuantity\":\"" + yield + "\",\"ConfirmationScrapQuantity\":\"0.000\","
                + "\"ConfirmationReworkQuantity\":\"0.000\",\"PostingDate\":\"" + odataDate(DAY) + "\","
                + "\"ConfirmedExecutionEndDate\":\"" + odataDate(DAY) + "\",\"ConfirmedExecutionEndTime\":\"PT09H15M00S\""
                + (external == null ? "" : ",\"ExternalSystemConfirmation\":\"" + external + "\"") + "}";
    }

    private static String odataDate(LocalDate day) {
        return "/Date(" + day.atStartOfDay(ZoneId.of("UTC")).toInstant().toEpochMilli() + ")/";
    }

    private static String plain(JsonNode number) {
        return new BigDecimal(number.asText()).stripTrailingZeros().toPlainString();
    }

}
