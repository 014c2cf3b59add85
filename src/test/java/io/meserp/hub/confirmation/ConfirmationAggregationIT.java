package io.meserp.hub.confirmation;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.MesErpHubApplication;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Confirmation aggregation (per plant, like SAP ME's correlation): confirmations of one order and operation are
 * combined until 4 of them or 5 seconds; an open aggregate survives a stop of the hub in the middle of its window.
 */
class ConfirmationAggregationIT {

    private static final Path DATA = TestFiles.newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);

    @Test
    void confirmationsAreCombinedByCountOrTimeAndAStopMidWindowLosesNothing() throws Exception {
        Path mappings = DATA.resolve("mappings");
        Files.createDirectories(mappings);
        FileSystemUtils.copyRecursively(Path.of("mappings/plants"), mappings);
        FileSystemUtils.copyRecursively(Path.of("src/test/resources/samples/aggregation/plant-1100"), mappings.resolve("plant-1100"));
        LocalDateTime t = LocalDateTime.of(2026, 10, 30, 6, 0);

        try (ConfigurableApplicationContext hub = start(mappings)) {
            SandboxErp erp = new SandboxErp(port(hub));
            erp.reset();
            Plant1000Csv csv = new Plant1000Csv();
            for (int i = 0; i < 8; i++) {
                csv.add("1000060", "0010", "ASSY-01", new BigDecimal(10 + i), BigDecimal.ONE, t.plusMinutes(i * 10L),
                        t.plusMinutes(i * 10L + 5));
            }
            csv.add("1000060", "0020", "ASSY-02", new BigDecimal("7.5"), BigDecimal.ZERO, t.plusHours(3), t.plusHours(4));
            TestFiles.drop(DATA, "plant-1100", "shift.csv", csv.bytes());
            await().atMost(LONG).until(() -> erp.count() == 3);
            Map<String, List<String>> yields = new java.util.TreeMap<>();
            for (JsonNode c : erp.confirmations()) {
                yields.computeIfAbsent(c.path("OrderOperation").asText(), k -> new java.util.ArrayList<>())
                        .add(c.path("ConfirmationYieldQuantity").asText() + "/" + c.path("ConfirmationScrapQuantity").asText());
            }
            assertThat(yields.get("0010")).containsExactlyInAnyOrder("46.000/4.000", "62.000/4.000");
            assertThat(yields.get("0020")).containsExactly("7.500/0.000");
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE posted_note LIKE 'aggregated with 3 more into%'",
                    Long.class)).isEqualTo(8);

            // an aggregate still open when the hub stops
            Plant1000Csv open = new Plant1000Csv();
            open.add("1000061", "0010", "ASSY-01", new BigDecimal("5"), BigDecimal.ZERO, t.plusDays(1), t.plusDays(1).plusMinutes(5));
            open.add("1000061", "0010", "ASSY-01", new BigDecimal("6"), BigDecimal.ZERO, t.plusDays(1).plusMinutes(10),
                    t.plusDays(1).plusMinutes(15));
            TestFiles.drop(DATA, "plant-1100", "open.csv", open.bytes());
            await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE order_no = '1000061'"
                    + " AND status = 'QUEUED'", Long.class) == 2 && jdbc.queryForObject("SELECT COUNT(*) FROM hub_aggregation",
                    Long.class) == 1 && jdbc.queryForObject("SELECT COUNT(*) FROM hub_aggregation_completed", Long.class) == 0
                    && hub.getBean(org.apache.camel.CamelContext.class).getInflightRepository().size() == 0
                    && files(DATA.resolve("plants/plant-1100/archive")).anyMatch(p -> p.endsWith("open.csv")));
        }
        // the hub is down: the open aggregate is in the database, and the ERP has nothing of it
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + DATA.resolve("db/hub"), "sa", "");
                var rs = db.createStatement().executeQuery("SELECT (SELECT COUNT(*) FROM hub_aggregation),"
                        + " (SELECT COUNT(*) FROM sbx_confirmation WHERE order_id = '1000061')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("open aggregates").isEqualTo(1);
            assertThat(rs.getLong(2)).as("booked for order 1000061").isZero();
        }
        try (ConfigurableApplicationContext hub = start(mappings)) {
            SandboxErp erp = new SandboxErp(port(hub));
            await().atMost(LONG).until(() -> erp.count() == 4);
            assertThat(erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals("1000061"))
                    .map(c -> c.path("ConfirmationYieldQuantity").asText())).containsExactly("11.000");
        }
    }

    private static java.util.stream.Stream<String> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    private static ConfigurableApplicationContext start(Path mappings) {
        return new SpringApplicationBuilder(MesErpHubApplication.class)
                .profiles("embedded")
                .run("--server.port=0", "--hub.data-dir=" + DATA, "--hub.plants.mappings-dir=" + mappings,
                        "--hub.plants.read-lock-min-age=100", "--hub.plants.poll-delay=200",
                        "--hub.erp.retry.initial-delay=100", "--hub.erp.retry.max-delay=1000");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
