package io.meserp.hub.confirmation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;

import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same spine on a real PostgreSQL (embedded, started by the test): ledger, idempotent repository and the
 * sandbox's tables all run on it.
 */
class ConfirmationPostgresIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        hubProperties(registry, DATA);
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aThousandRowsAreBookedOnceOnPostgres() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        Plant1000Csv csv = Plant1000Csv.generate(1000, 50, LocalDateTime.of(2026, 4, 6, 5, 0));
        drop("plant-1000", "pg.csv", csv.bytes());
        awaitBooked(1000, Duration.ofMinutes(3));
        drop("plant-1000", "pg-again.csv", csv.bytes());
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM hub_file WHERE file_name = 'pg-again.csv'", Long.class) == 1);
        assertThat(erp.count()).isEqualTo(1000);
        assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct())
                .hasSize(1000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'POSTED'", Long.class)).isEqualTo(1000);
    }
}
