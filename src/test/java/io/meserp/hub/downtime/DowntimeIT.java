package io.meserp.hub.downtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
 * Downtime end to end (workflow W5): breakdowns open one maintenance notification each in the ERP sandbox, every
 * downtime's minutes are recorded once and exposed as a metric; refused rows and ERP refusals are reported.
 */
class DowntimeIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final String HEADER = "Meldungs-ID;Anlage;Arbeitsplatz;Beginn;Ende;Grund;Grundtext;Auftrag";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "src/test/resources/samples/downtime/plant-5000");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void breakdownsOpenMaintenanceNotificationsAndEveryDowntimeIsCounted() throws IOException {
        byte[] file = Files.readAllBytes(Path.of("src/test/resources/samples/downtime/input/stillstand-1000.csv"));
        drop("plant-1000", "stillstand-1000.csv", file);
        await().atMost(LONG).until(() -> erp.maintenanceNotifications().size() >= 2 && inFlight() == 0);

        Map<String, JsonNode> byObject = erp.maintenanceNotifications().stream()
                .collect(Collectors.toMap(n -> n.path("TechnicalObject").asText(), n -> n));
        assertThat(byObject).containsOnlyKeys("PRESS-LINE-1", "ROBOT-7");
        JsonNode press = byObject.get("PRESS-LINE-1");
        assertThat(press.path("NotificationType").asText()).isEqualTo("M2");
        assertThat(press.path("MaintPriority").asText()).isEqualTo("1");
        assertThat(press.path("MaintenancePlanningPlant").asText()).isEqualTo("1000");
        assertThat(press.path("NotificationText").asText()).isEqualTo("PRESS-LINE-1: Hydraulik undicht");
        assertThat(press.path("MalfunctionStartTime").asText()).isEqualTo("PT07H10M00S");
        assertThat(press.path("MalfunctionEndTime").asText()).isEqualTo("PT07H55M30S");
        assertThat(press.path("MaintObjectDowntimeDuration").asDouble()).isEqualTo(45.5);
        assertThat(press.path("MaintNotificationCodeGroup").asText()).isEqualTo("MES-DOWN");
        assertThat(press.path("MaintNotificationCode").asText()).isEqualTo("STOE");
        assertThat(press.path("MaintNotifExtReferenceNumber").asText()).matches("[0-9A-F]{20}");

        assertThat(minutes("PRESS-LINE-1", "STOE")).isEqualTo(45.5);
        assertThat(minutes("PRESS-LINE-1", "RUST")).isEqualTo(20.0);
        String metrics = erp.get("/actuator/prometheus", "viewer", "viewer").body();
        assertThat(metrics).containsPattern("hub_downtime_minutes_total\\{breakdown=\"false\",equipment=\"PRESS-LINE-1\","
                + "plant=\"plant-1000\",reason=\"RUST\"\\} 20\\.0");
        assertThat(metrics).containsPattern("hub_downtime_minutes_total\\{breakdown=\"true\",equipment=\"PRESS-LINE-1\","
                + "plant=\"plant-1000\",reason=\"STOE\"\\} 45\\.5");
        assertThat(jdbc.queryForList("SELECT posted_note FROM hub_event WHERE posted_note LIKE '%not a breakdown%'",
                String.class)).singleElement().asString().contains("recorded 20 min; reason RUST is not a breakdown");

        drop("plant-1000", "stillstand-1000-again.csv", file);
        await().atMost(LONG).until(() -> files("plant-1000", "archive").stream()
                .anyMatch(p -> p.toString().endsWith("stillstand-1000-again.csv")));
        assertThat(erp.maintenanceNotifications()).hasSize(2);
        assertThat(minutes("PRESS-LINE-1", "STOE")).isEqualTo(45.5);
    }

    @Test
    void commitThenTimeoutOpensEachNotificationOnce() {
        erp.faults("{\"commitThenTimeoutRate\": 0.4}");
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
        LocalDateTime t = LocalDateTime.of(2026, 10, 28, 6, 0);
        for (int i = 0; i < 15; i++) {
            csv.append(";MILL-").append(i).append(";ASSY-01;").append(f.format(t.plusHours(i))).append(';')
                    .append(f.format(t.plusHours(i).plusMinutes(10 + i))).append(";MECH;Lager;\n");
        }
        drop("plant-1000", "stillstand-flaky.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> erp.maintenanceNotifications().size() >= 15 && inFlight() == 0);
        erp.clearFaults();
        List<JsonNode> notifications = erp.maintenanceNotifications();
        assertThat(notifications).hasSize(15);
        assertThat(notifications.stream().map(n -> n.path("MaintNotifExtReferenceNumber").asText()).distinct()).hasSize(15);
    }

    @Test
    void badRowsAreReportedAndWhatTheErpRefusesBecomesAnException() throws IOException {
        String csv = HEADER + "\n"
                + ";LATHE-1;ASSY-01;26.11.2026 12:00:00;26.11.2026 11:00:00;MECH;rückwärts;\n"
                + ";LATHE-2;ASSY-01;26.11.2026 12:00:00;26.11.2026 12:30:00;TOOLONG;Grund zu lang;\n"
                + ";LATHE-3;ASSY-01;26.11.2026 12:00:00;26.11.2026 12:30:00;MECH;ok;\n";
        drop("plant-1000", "stillstand-bad.csv", csv.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> files("plant-1000", "error").stream()
                .anyMatch(p -> p.toString().endsWith("stillstand-bad.csv.report.json")));
        String report = Files.readString(files("plant-1000", "error").stream()
                .filter(p -> p.toString().endsWith("stillstand-bad.csv.report.json")).findFirst().orElseThrow());
        assertThat(report).contains("is before the start").contains("'TOOLONG' is not a reason code");
        await().atMost(LONG).until(() -> erp.maintenanceNotifications().size() == 1 && inFlight() == 0);
        assertThat(erp.maintenanceNotifications().get(0).path("TechnicalObject").asText()).isEqualTo("LATHE-3");

        // a breakdown in a plant the ERP does not know: the ERP refuses, the hub keeps the reason
        drop("plant-5000", "stillstand.csv", (HEADER + "\n;OVEN-1;;26.11.2026 12:00:00;26.11.2026 12:45:00;MECH;Heizung;\n")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE flow = 'downtime'"
                + " AND plant = 'plant-5000'", Long.class) == 1);
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE flow = 'downtime' AND plant = 'plant-5000'",
                String.class)).contains("IW/021").contains("Maintenance planning plant 5000 does not exist");
        assertThat(minutes("OVEN-1", "MECH")).isEqualTo(45.0);
    }

    private double minutes(String equipment, String reason) {
        Double total = jdbc.queryForObject("SELECT SUM(minutes) FROM hub_downtime WHERE equipment = ? AND reason_code = ?",
                Double.class, equipment, reason);
        return total == null ? 0 : total;
    }
}
