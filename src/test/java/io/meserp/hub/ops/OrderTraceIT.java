package io.meserp.hub.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.kpi.Kpis;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One production order through every workflow (release to the plant, confirmation, goods receipt, inspection,
 * downtime), then found again: its trace in time order, the message search, the KPIs and the Prometheus metrics.
 */
class OrderTraceIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    Kpis kpis;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void anOrdersWholeLifeIsTracedAcrossWorkflowsAndCounted() {
        HubApi api = new HubApi(port);
        erp.createOrder("4300001", true);
        JsonNode pushed = api.json("operator", "POST", "/api/erp/events", "{\"type\":\"sap.s4.beh.productionorder.v1."
                + "ProductionOrder.Released.v1\",\"data\":{\"ManufacturingOrder\":\"4300001\"}}", 202);
        assertThat(pushed.path("outcome").asText()).isIn("publish", "duplicate");

        drop("plant-1000", "trace-confirmations.csv", ("Meldungs-ID;Auftrag;Vorgang;Arbeitsplatz;Gutmenge;Ausschuss;Nacharbeit;"
                + "Einheit;Endrückmeldung;Start;Ende;Personalnummer;Abweichungsgrund\n"
                + ";4300001;10;ASSY-01;40;1;0;ST;;20.11.2026 08:00:00;20.11.2026 08:20:00;4711;\n").getBytes(StandardCharsets.UTF_8));
        drop("plant-1000", "warenbewegungen-trace.csv", ("Meldungs-ID;Auftrag;Bewegungsart;Material;Lagerort;Charge;Menge;Einheit;"
                + "Buchungszeit;Reservierung;Position;Endausfassung\n"
                + ";4300001;Zugang;FG-1000;0001;;40;ST;20.11.2026 08:30:00;;;\n").getBytes(StandardCharsets.UTF_8));
        drop("plant-1000", "pruefung-trace.csv", ("Meldungs-ID;Art;Prüf-ID;Auftrag;Vorgang;Material;Charge;Merkmal;Messwert;"
                + "Einheit;Untergrenze;Obergrenze;Fehlercode;Fehlermenge;Fehlertext;Zeitpunkt\n"
                + ";Prüfung;P-9001;4300001;10;FG-1000;;LAENGE;120,00;MM;119,5;120,5;;;;20.11.2026 08:40:00\n")
                .getBytes(StandardCharsets.UTF_8));
        drop("plant-1000", "stillstand-trace.csv", ("Meldungs-ID;Anlage;Arbeitsplatz;Beginn;Ende;Grund;Grundtext;Auftrag\n"
                + ";PRESS-LINE-1;ASSY-01;20.11.2026 08:50:00;20.11.2026 09:00:00;RUST;Umrüsten;4300001\n")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(DISTINCT flow) FROM hub_event"
                + " WHERE order_no = '4300001' AND status = 'POSTED'", Long.class) == 5 && inFlight() == 0);

        JsonNode trace = api.get("viewer", "/api/orders/4300001/trace");
        List<String> flows = trace.path("events").findValuesAsText("flow");
        assertThat(flows).contains("release", "confirmation", "movement", "quality", "downtime");
        trace.path("events").forEach(e -> assertThat(e.path("status").asText()).isEqualTo("POSTED"));
        JsonNode confirmation = event(trace, "confirmation");
        assertThat(confirmation.path("erpDocument").asText()).matches("\\d+/\\d+");
        assertThat(confirmation.path("latencyMillis").asLong()).isPositive();
        assertThat(event(trace, "movement").path("erpDocument").asText()).matches("\\d+/\\d{4}");
        assertThat(event(trace, "release").path("erpDocument").asText()).startsWith("outbox/4300001-");

        List<OffsetDateTime> times = new ArrayList<>();
        trace.path("timeline").forEach(s -> times.add(OffsetDateTime.parse(s.path("at").asText())));
        assertThat(times).isSorted();
        List<String> steps = new ArrayList<>();
        trace.path("timeline").forEach(s -> steps.add(s.path("flow").asText() + ":" + s.path("step").asText()));
        assertThat(steps).contains("release:received", "release:validated", "release:posted", "confirmation:queued",
                "confirmation:posted", "movement:posted", "quality:posted", "downtime:posted");
        assertThat(api.status("viewer", "GET", "/api/orders/4399999/trace", null)).isEqualTo(404);

        // search: by plant, flow, status, order and time, paged
        JsonNode page = api.get("viewer", "/api/messages?plant=plant-1000&flow=confirmation&status=posted&order=4300001");
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("eventId").asText()).isEqualTo(confirmation.path("eventId").asText());
        JsonNode paged = api.get("viewer", "/api/messages?order=4300001&size=2&page=1");
        assertThat(paged.path("total").asLong()).isEqualTo(5);
        assertThat(paged.path("items")).hasSize(2);
        assertThat(api.get("viewer", "/api/messages?order=4300001&from=2099-01-01T00:00:00Z").path("total").asLong()).isZero();
        assertThat(api.status("viewer", "GET", "/api/messages?size=0", null)).isEqualTo(400);

        // KPIs from the ledger, and the same measures on /actuator/prometheus
        JsonNode report = api.get("viewer", "/api/kpis?hours=1&points=12");
        assertThat(report.path("latency").toString()).contains("\"flow\":\"confirmation\"", "\"plant\":\"plant-1000\"");
        assertThat(report.path("latencySeries")).hasSize(12);
        assertThat(report.path("touchless").path("untouched").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(report.path("outcomes").toString()).contains("POSTED");
        kpis.refreshGauges();
        String metrics = api.call("viewer", "GET", "/actuator/prometheus", null).body();
        assertThat(metrics).contains("hub_sync_latency_seconds_bucket{flow=\"confirmation\",plant=\"plant-1000\"")
                .contains("hub_events_total{flow=\"confirmation\",outcome=\"posted\",plant=\"plant-1000\"}")
                .contains("hub_touchless_ratio")
                // the embedded ledger's file, kept by its housekeeping
                .contains("hub_ledger_file_size_bytes", "hub_ledger_file_live_percent", "hub_ledger_file_commits");
    }

    @Test
    void eachEventShowsItsPathOnceAndInOrderAlsoOneRecordedBeforeTheRowKeptIt() {
        erp.createOrder("4300002", true);
        // recorded before V13: the path is in hub_event_step, the row has none of it
        OffsetDateTime t = OffsetDateTime.parse("2026-11-01T08:00:00Z");
        jdbc.update("INSERT INTO hub_event (event_id, flow, plant, order_no, source, status, payload, received_at, updated_at,"
                + " posted_at, erp_document, steps_inline) VALUES ('before-v13', 'confirmation', 'plant-1000', '4300002',"
                + " 'old.csv row 2', 'POSTED', '{}', ?, ?, ?, '9/1', FALSE)", t, t.plusSeconds(2), t.plusSeconds(2));
        String[][] path = {{"received", "0"}, {"validated", "0"}, {"queued", "1"}, {"posted", "2"}};
        for (String[] step : path) {
            jdbc.update("INSERT INTO hub_event_step (event_id, order_no, step, detail, at) VALUES ('before-v13', '4300002',"
                    + " ?, ?, ?)", step[0], step[0] + " then", t.plusSeconds(Long.parseLong(step[1])));
        }
        drop("plant-1000", "trace-path.csv", ("Meldungs-ID;Auftrag;Vorgang;Arbeitsplatz;Gutmenge;Ausschuss;Nacharbeit;"
                + "Einheit;Endrückmeldung;Start;Ende;Personalnummer;Abweichungsgrund\n"
                + ";4300002;10;ASSY-01;40;1;0;ST;;20.11.2026 08:00:00;20.11.2026 08:20:00;4711;\n"
                + ";4300002;10;ASSY-01;40;0;0;ST;;20.11.2026 08:20:00;20.11.2026 08:40:00;4711;\n")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE order_no = '4300002'"
                + " AND flow = 'confirmation' AND status = 'POSTED'", Long.class) == 3);

        JsonNode trace = new HubApi(port).get("viewer", "/api/orders/4300002/trace");
        java.util.Map<String, List<String>> steps = new java.util.LinkedHashMap<>();
        // (the order's release, once delivered to the plant, has a path without a queue)
        trace.path("timeline").forEach(s -> {
            if (s.path("flow").asText().equals("confirmation")) {
                steps.computeIfAbsent(s.path("eventId").asText(), k -> new ArrayList<>()).add(s.path("step").asText());
            }
        });
        assertThat(steps).hasSize(3);
        steps.values().forEach(p -> assertThat(p).containsExactly("received", "validated", "queued", "posted"));
        assertThat(trace.path("timeline").findValuesAsText("detail")).contains("posted then")
                .anyMatch(d -> d.startsWith("posted: "));
        trace.path("timeline").forEach(s -> assertThat(s.path("step").asText().equals("queued") && s.path("detail").isNull())
                .as("a queued step names its queue: %s", s).isFalse());
    }

    private static JsonNode event(JsonNode trace, String flow) {
        for (JsonNode e : trace.path("events")) {
            if (e.path("flow").asText().equals(flow)) {
                return e;
            }
        }
        throw new AssertionError("no " + flow + " event in " + trace);
    }
}
