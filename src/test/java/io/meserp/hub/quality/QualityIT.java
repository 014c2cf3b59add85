package io.meserp.hub.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quality end to end (workflows W4 and W6): failed inspections and nonconformances open an ERP quality
 * notification, put the order on hold, open a case on the quality platform and an exception for review, each
 * once, even when the quality platform is down for a while; passes are only recorded. Scrap over a plant's
 * threshold alerts once per order.
 */
class QualityIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final String HEADER = "Meldungs-ID;Art;Prüf-ID;Auftrag;Vorgang;Material;Charge;Merkmal;Messwert;"
            + "Einheit;Untergrenze;Obergrenze;Fehlercode;Fehlermenge;Fehlertext;Zeitpunkt";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void failedInspectionsAndNonconformancesSetOffEveryReactionOncePassesAreRecorded() throws IOException {
        drop("plant-1000", "pruefung-1000.csv",
                Files.readAllBytes(Path.of("src/test/resources/samples/quality/input/pruefung-1000.csv")));
        await().atMost(LONG).until(() -> erp.qualityNotifications().size() >= 2 && inFlight() == 0
                && erp.qms("/cases").size() >= 2);

        Map<String, JsonNode> byOrder = erp.qualityNotifications().stream()
                .collect(Collectors.toMap(n -> n.path("ManufacturingOrder").asText(), n -> n));
        assertThat(byOrder).containsOnlyKeys("1000030", "1000032");
        JsonNode inspection = byOrder.get("1000030");
        assertThat(inspection.path("NotificationType").asText()).isEqualTo("Q3");
        assertThat(inspection.path("NotificationText").asText()).startsWith("inspection P-4711 failed: DURCHMESS");
        assertThat(inspection.path("Material").asText()).isEqualTo("FG-1000");
        JsonNode defect = byOrder.get("1000032");
        assertThat(defect.path("DefectCode").asText()).isEqualTo("D-KRATZ");
        assertThat(defect.path("DefectQuantity").asText()).isEqualTo("3.000");
        assertThat(defect.path("DefectUnit").asText()).isEqualTo("ST");

        assertThat(erp.orderStatuses("1000030")).contains("REL", "HOLD");
        assertThat(erp.orderStatuses("1000032")).contains("HOLD");
        assertThat(erp.orderStatuses("1000031")).containsExactly("REL");

        JsonNode cases = erp.qms("/cases");
        assertThat(cases).hasSize(2);
        assertThat(cases.findValuesAsText("title")).anyMatch(t -> t.startsWith("inspection P-4711 failed"))
                .anyMatch(t -> t.startsWith("nonconformance D-KRATZ (3 PCE): Kratzer am Gehäuse"));

        List<String> reviews = jdbc.queryForList("SELECT reason FROM hub_exception WHERE flow = 'quality' AND source = 'review'"
                + " AND order_no IN ('1000030', '1000031', '1000032')", String.class);
        assertThat(reviews).hasSize(2).anyMatch(r -> r.contains("order 1000030 on HOLD") && r.contains("case QC-"));
        assertThat(erp.get("/api/orders/1000031/trace", "viewer", "viewer").body())
                .contains("inspection P-4712 passed (2 characteristics)");
    }

    @Test
    void whileTheQualityPlatformIsDownTheNotificationIsOpenedOnceAndTheCaseFollowsLater() {
        erp.admin("PUT", "/qms", "{\"down\": true}");
        drop("plant-1000", "pruefung-qms-down.csv", (HEADER + "\n;Fehler;;1000033;30;FG-1000;;;;ST;;;D-RISS;1;Riss;"
                + "27.10.2026 08:00:00\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_step WHERE step = 'failed'"
                + " AND detail LIKE '%quality platform answered 503%' AND event_id IN (SELECT event_id FROM hub_event"
                + " WHERE source LIKE 'pruefung-qms-down.csv %')", Long.class) >= 2);
        assertThat(erp.qualityNotifications()).hasSize(1);
        assertThat(erp.orderStatuses("1000033")).contains("HOLD");
        erp.admin("PUT", "/qms", "{\"down\": false}");
        await().atMost(LONG).until(() -> erp.qms("/cases").size() == 1 && inFlight() == 0);
        assertThat(erp.qualityNotifications()).hasSize(1);
        assertThat(erp.qms("/cases")).hasSize(1);
    }

    @Test
    void whatTheErpRefusesBecomesAnException() {
        drop("plant-1000", "pruefung-unknown-order.csv", (HEADER + "\n;Fehler;;1000999;30;FG-1000;;;;ST;;;D-RISS;1;Riss;"
                + "27.10.2026 09:00:00\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE flow = 'quality'"
                + " AND order_no = '1000999'", Long.class) == 1);
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE flow = 'quality' AND order_no = '1000999'",
                String.class)).contains("QM/022").contains("Order 1000999 does not exist");
        assertThat(erp.qms("/cases")).isEmpty();
    }

    @Test
    void scrapOverThePlantsThresholdAlertsOncePerOrder() {
        drop("plant-2000", "scrap-1.xml", confirmation("SR-S-1", "0010", "970", "30"));
        await().atMost(LONG).until(() -> erp.count() == 1 && inFlight() == 0);
        assertThat(erp.qms("/messages")).isEmpty();

        drop("plant-2000", "scrap-2.xml", confirmation("SR-S-2", "0020", "470", "30"));
        await().atMost(LONG).until(() -> erp.qms("/messages").size() == 1 && inFlight() == 0);
        JsonNode message = erp.qms("/messages").get(0);
        assertThat(message.path("@type").asText()).isEqualTo("MessageCard");
        assertThat(message.path("text").asText()).contains("Order 2000010").contains("scrap 60 PCE of 1000 exceeds 5 % of the order quantity (50)");
        assertThat(erp.qms("/cases")).hasSize(1);

        double alerts = scrapAlerts();
        drop("plant-2000", "scrap-3.xml", confirmation("SR-S-3", "0020", "400", "15"));
        await().atMost(LONG).until(() -> erp.count() == 3 && inFlight() == 0);
        assertThat(erp.qms("/messages")).hasSize(1);
        assertThat(erp.qms("/cases")).hasSize(1);
        assertThat(scrapAlerts()).as("no second alert for the same order").isEqualTo(alerts);
        assertThat(alerts).isPositive();
        assertThat(erp.get("/api/orders/2000010/trace", "viewer", "viewer").body()).contains("\"step\":\"scrap-alert\"");
    }

    @Test
    void aScrapAlertWhileTheQualityPlatformIsDownIsSentOnceItIsBack() {
        erp.admin("PUT", "/qms", "{\"down\": true}");
        drop("plant-2000", "scrap-down.xml", confirmation("SR-D-1", "0010", "900", "80", "2000011"));
        await().atMost(LONG).until(() -> erp.count() == 1 && jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_step"
                + " WHERE step = 'failed' AND detail LIKE 'scrap alert: quality platform answered 503%' AND order_no = '2000011'",
                Long.class) >= 1);
        erp.admin("PUT", "/qms", "{\"down\": false}");
        await().atMost(LONG).until(() -> erp.qms("/messages").size() == 1 && inFlight() == 0);
        assertThat(erp.count()).as("the confirmation is booked once, whatever the alert does").isEqualTo(1);
        assertThat(erp.qms("/cases")).hasSize(1);
        assertThat(erp.qms("/messages")).hasSize(1);
    }

    /** hub_scrap_alerts_total for FG-2000 in plant 2000, 0 before the first alert. */
    private double scrapAlerts() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "hub_scrap_alerts_total\\{material=\"FG-2000\",plant=\"plant-2000\"\\} ([0-9.]+)")
                .matcher(erp.get("/actuator/prometheus", "viewer", "viewer").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static byte[] confirmation(String id, String operation, String yield, String scrap) {
        return confirmation(id, operation, yield, scrap, "2000010");
    }

    private static byte[] confirmation(String id, String operation, String yield, String scrap, String order) {
        return ("""
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ProductionResponse>
                <ProductionRequestID>%s</ProductionRequestID>
                <SegmentResponse><ID>%s</ID><ProcessSegmentID>%s</ProcessSegmentID>
                <ActualEndTime>2026-11-26T12:00:00+01:00</ActualEndTime>
                <MaterialProducedActual>
                  <Quantity><QuantityString>%s</QuantityString><UnitOfMeasure>ST</UnitOfMeasure></Quantity>
                  <Quantity><QuantityString>%s</QuantityString><UnitOfMeasure>ST</UnitOfMeasure><Key>Scrap</Key></Quantity>
                </MaterialProducedActual></SegmentResponse></ProductionResponse></ProductionPerformance>
                """).formatted(order, id, operation, yield, scrap).getBytes(StandardCharsets.UTF_8);
    }
}
