package io.meserp.hub.security;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run with known secrets (ERP password, quality-platform token, a user's password), through bookings, an ERP
 * refusal, an ERP outage with retries, a quality case, a bad file and logins that fail: none of the secrets, nor their
 * basic-auth encodings, appears in the log, the exception records, the ledger or the error reports.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    static final String ERP_PASSWORD = "Erp-Secret-7f3a9c";
    static final String QMS_TOKEN = "Qms-Token-4b8e21d0";
    static final String USER_PASSWORD = "Operator-Secret-93ac";
    private static final LocalDateTime DAY = LocalDateTime.of(2026, 9, 21, 6, 0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.erp.password", () -> ERP_PASSWORD);
        registry.add("hub.quality.qms-token", () -> QMS_TOKEN);
        // a list from a higher source replaces the embedded one whole
        registry.add("hub.security.users[0].name", () -> "viewer");
        registry.add("hub.security.users[0].password", () -> "{noop}viewer");
        registry.add("hub.security.users[0].roles", () -> "viewer");
        registry.add("hub.security.users[1].name", () -> "operator");
        registry.add("hub.security.users[1].password", () -> "{noop}" + USER_PASSWORD);
        registry.add("hub.security.users[1].roles", () -> "viewer,operator");
        registry.add("hub.security.users[2].name", () -> "admin");
        registry.add("hub.security.users[2].password", () -> "{noop}admin");
        registry.add("hub.security.users[2].roles", () -> "viewer,operator,admin");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Override
    protected String erpPassword() {
        return ERP_PASSWORD;
    }

    @Test
    void noSecretReachesTheLogsOrTheRecords(CapturedOutput output) throws IOException {
        SandboxErp sandbox = erp;
        HubApi api = new HubApi(port);
        Plant1000Csv csv = new Plant1000Csv();
        csv.add("1000001", "0010", "ASSY-01", new BigDecimal("5"), new BigDecimal("1"), DAY, DAY.plusMinutes(10));
        csv.add("1000900", "0010", "ASSY-01", new BigDecimal("5"), BigDecimal.ZERO, DAY, DAY.plusMinutes(10)); // not released
        csv.add("1000002", "0010", "ASSY-01", new BigDecimal("7"), BigDecimal.ZERO, DAY, DAY.plusMinutes(10));
        csv.replaceLine(2, csv.lines().get(2).replace(";7;", ";zwölf;"));
        sandbox.faults("{\"outage\": true}");
        drop("plant-1000", "secrets.csv", csv.bytes());
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE last_error IS NOT NULL", Long.class) > 0);
        sandbox.clearFaults();
        // a failed inspection opens a quality case on the platform (bearer token)
        drop("plant-1000", "pruefung-secrets.csv", ("Meldungs-ID;Art;Prüf-ID;Auftrag;Vorgang;Material;Charge;Merkmal;Messwert;"
                + "Einheit;Untergrenze;Obergrenze;Fehlercode;Fehlermenge;Fehlertext;Zeitpunkt\n"
                + ";Prüfung;P-5150;1000003;10;FG-1000;;LAENGE;130,00;MM;119,5;120,5;;;;21.09.2026 07:00:00\n")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofMinutes(2)).until(() -> inFlight() == 0 && erp.count() == 1
                && jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception", Long.class) >= 3);
        // logins with wrong and right passwords
        assertThat(api.status("operator", "GET", "/api/kpis", null)).isEqualTo(401);
        assertThat(java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/kpis")).header("Authorization",
                SandboxErp.basic("operator", USER_PASSWORD)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .join().statusCode()).isEqualTo(200);

        List<String> secrets = new ArrayList<>(List.of(ERP_PASSWORD, QMS_TOKEN, USER_PASSWORD));
        secrets.add(Base64.getEncoder().encodeToString(("HUB_RFC:" + ERP_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        secrets.add(Base64.getEncoder().encodeToString(("operator:" + USER_PASSWORD).getBytes(StandardCharsets.UTF_8)));

        StringBuilder records = new StringBuilder();
        for (String query : List.of("SELECT CONCAT(COALESCE(reason,''), COALESCE(detail,''), COALESCE(payload,''),"
                        + " COALESCE(source,'')) FROM hub_exception",
                "SELECT CONCAT(COALESCE(last_error,''), payload, COALESCE(source,''), COALESCE(posted_note,''),"
                        + " COALESCE(queue,'')) FROM hub_event",
                "SELECT COALESCE(detail,'') FROM hub_event_step",
                "SELECT CONCAT(COALESCE(reason,''), COALESCE(outcome,'')) FROM hub_exception_action")) {
            jdbc.queryForList(query, String.class).forEach(records::append);
        }
        StringBuilder reports = new StringBuilder();
        try (Stream<Path> files = Files.walk(plantDir("plant-1000").resolve("error"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                reports.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(records).as("the exception records show what went wrong").contains("RU/102", "zwölf");
        assertThat(output.getAll()).as("the log shows the outage").contains("503");
        for (String secret : secrets) {
            assertThat(output.getAll()).as("log").doesNotContain(secret);
            assertThat(records.toString()).as("ledger and exception records").doesNotContain(secret);
            assertThat(reports.toString()).as("error reports").doesNotContain(secret);
        }
    }
}
