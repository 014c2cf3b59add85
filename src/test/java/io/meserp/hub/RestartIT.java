package io.meserp.hub;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;

import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State survives a restart: confirmations queued while the ERP is down wait in the broker's journal under the
 * data directory, the ledger in the H2 file beside it; a new hub on the same directory books them once.
 */
class RestartIT {

    private static final Path DATA = TestFiles.newDataDir();

    @Test
    void queuedConfirmationsSurviveARestartOfTheHub() {
        Plant1000Csv csv = Plant1000Csv.generate(300, 30, LocalDateTime.of(2026, 5, 4, 5, 0));
        try (ConfigurableApplicationContext first = start()) {
            SandboxErp erp = new SandboxErp(port(first));
            erp.faults("{\"outage\": true}");
            TestFiles.drop(DATA, "plant-1000", "before-restart.csv", csv.bytes());
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM hub_event WHERE status = 'QUEUED'", Long.class) == 300);
        }
        try (ConfigurableApplicationContext second = start()) {
            SandboxErp erp = new SandboxErp(port(second));
            erp.clearFaults();
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofMinutes(3)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM hub_event WHERE status = 'POSTED'", Long.class) == 300);
            assertThat(erp.count()).isEqualTo(300);
            assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct())
                    .hasSize(300);
        }
    }

    /** Arguments, not default properties: application.yaml must not override them. */
    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(MesErpHubApplication.class)
                .profiles("embedded")
                .run("--server.port=0",
                        "--hub.data-dir=" + DATA,
                        "--hub.plants.read-lock-min-age=100",
                        "--hub.plants.poll-delay=200",
                        "--hub.erp.retry.initial-delay=100",
                        "--hub.erp.retry.max-delay=1000",
                        "--hub.erp.breaker.wait-in-open-state=1s");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
