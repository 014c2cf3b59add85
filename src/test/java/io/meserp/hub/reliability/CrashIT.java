package io.meserp.hub.reliability;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.ArtemisBroker;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.TestFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost, nothing booked twice, each order in order, with real processes: a standalone Artemis broker, the hub
 * as its own JVM on PostgreSQL, and the ERP sandbox as another JVM (so killing the hub does not kill the ERP). Each
 * scenario sends 20,000 confirmations across 200 orders and counts what the ERP holds at the end.
 */
class CrashIT {

    static final int ORDERS = 200;
    static final int FILES = 20;
    static final int ROWS_PER_FILE = 1000;
    static final int TOTAL = FILES * ROWS_PER_FILE;
    private static final Duration RUN = Duration.ofMinutes(10);

    private static Path dir;
    private static EmbeddedPostgres postgres;
    private static ArtemisBroker broker;
    private static HubJvm erpJvm;
    private static HubJvm hub;
    private static SandboxErp erp;
    private static HubApi hubApi;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws Exception {
        dir = TestFiles.newDataDir().toAbsolutePath();
        postgres = EmbeddedPostgres.builder().start();
        jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        broker = ArtemisBroker.create(dir);
        broker.start();
        Path noPlants = Files.createDirectories(dir.resolve("erp-no-plants"));
        erpJvm = new HubJvm("erp", HubJvm.freePort(), dir.resolve("logs/erp.log"), "384m", List.of(
                "--hub.data-dir=" + dir.resolve("erp-data"), "--hub.plants.mappings-dir=" + noPlants,
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000",
                "--hub.support.dead-letter-scan-interval=3600000", "--hub.sandbox.hang-timeout=5s",
                "--logging.level.io.meserp.hub=WARN"));
        erpJvm.start();
        erp = new SandboxErp(erpJvm.port());
        hub = new HubJvm("hub", HubJvm.freePort(), dir.resolve("logs/hub.log"), "512m", List.of(
                "--spring.profiles.active=embedded,postgres,external-broker",
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=40",
                "--spring.artemis.broker-url=" + broker.url(), "--spring.artemis.user=" + ArtemisBroker.USER,
                "--spring.artemis.password=" + ArtemisBroker.PASSWORD, "--spring.artemis.pool.max-connections=16",
                "--hub.sandbox.enabled=false", "--hub.erp.base-url=http://localhost:" + erpJvm.port() + "/sandbox/erp",
                "--hub.data-dir=" + dir.resolve("hub-data"), "--hub.erp.consumers=32", "--hub.erp.read-timeout=1s",
                "--hub.erp.retry.initial-delay=100", "--hub.erp.retry.max-delay=1000",
                "--hub.erp.breaker.wait-in-open-state=1s", "--hub.plants.read-lock-min-age=300",
                "--hub.plants.poll-delay=300", "--hub.release.poll-interval=3600000",
                "--hub.reconciliation.check-interval=3600000", "--hub.support.dead-letter-scan-interval=2000"));
        hub.start();
        hubApi = new HubApi(hub.port());
    }

    @AfterAll
    static void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {hub, erpJvm, broker, postgres}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }

    /**
     * One run of 20,000 confirmations across 200 orders with the hub killed three times at random points (the first
     * while files are still being taken in), an ERP outage of two minutes in the middle (the breaker opens, and closes
     * once the ERP is back) and the broker killed once.
     */
    @Test
    void crashesOfHubAndBrokerAndAnErpOutageLoseNothingAndBookNothingTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String flaky = "\"errorRate\":0";
        long started = System.nanoTime();
        List<Plant1000Csv> files = files(LocalDate.of(2026, 1, 5));
        drop(files);
        List<String> log = new ArrayList<>();
        int firstKill = 50 + random.nextInt(450);
        int secondKill = 2500 + random.nextInt(2500);
        int outageAt = 6000 + random.nextInt(2000);
        int brokerKill = 10000 + random.nextInt(3000);
        int thirdKill = 14000 + random.nextInt(4000);

        for (int point : new int[] {firstKill, secondKill}) {
            awaitBooked(point);
            log.add("hub SIGKILL at " + erp.count() + " booked");
            hub.kill();
            hub.start();
        }

        awaitBooked(outageAt);
        long opened = transitions("OPEN");
        long closed = transitions("CLOSED");
        log.add("ERP outage from " + erp.count() + " booked");
        erp.faults("{\"outage\":true," + flaky + "}");
        long outageStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).until(() -> transitions("OPEN") > opened);
        Duration left = Duration.ofMinutes(2).minusNanos(System.nanoTime() - outageStart);
        // the outage lasts two minutes, whatever the hub does meanwhile
        await().pollDelay(left.isNegative() ? Duration.ZERO : left).atMost(left.plusSeconds(10)).until(() -> true);
        erp.faults("{" + flaky + "}");
        await().atMost(Duration.ofMinutes(2)).until(() -> transitions("CLOSED") > closed);
        log.add("ERP back after 2 min; breaker opened " + (transitions("OPEN") - opened) + "x, closed again");

        awaitBooked(brokerKill);
        log.add("broker SIGKILL at " + erp.count() + " booked");
        broker.kill();
        broker.start();

        awaitBooked(thirdKill);
        log.add("hub SIGKILL at " + erp.count() + " booked");
        hub.kill();
        hub.start();

        awaitAllBooked();
        erp.clearFaults();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertExactlyOnceAndInOrder(files);
        String summary = "CrashIT seed " + seed + ": " + TOTAL + " confirmations, " + ORDERS + " orders, booked exactly once"
                + " and in order in " + took.toSeconds() + " s; " + String.join("; ", log);
        System.out.println(summary);
        Files.createDirectories(Path.of("target/reliability"));
        Files.writeString(Path.of("target/reliability/crash-run.txt"), summary + System.lineSeparator());
    }

    /** 20 files of 1,000 confirmations each, rows spread over the 200 seeded orders of plant 1000. */
    private static List<Plant1000Csv> files(LocalDate firstDay) {
        List<Plant1000Csv> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            files.add(Plant1000Csv.generate(ROWS_PER_FILE, ORDERS, firstDay.plusDays(3L * f).atTime(LocalTime.of(5, 0))));
        }
        return files;
    }

    private static void drop(List<Plant1000Csv> files) {
        for (int f = 0; f < files.size(); f++) {
            TestFiles.drop(dir.resolve("hub-data"), "plant-1000", "crash-" + System.nanoTime() + "-" + f + ".csv",
                    files.get(f).bytes());
        }
    }

    private static void awaitBooked(long count) {
        long[] last = {System.nanoTime()};
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            long booked = erp.count();
            if (System.nanoTime() - last[0] > Duration.ofSeconds(15).toNanos()) {
                System.out.println("CrashIT progress: " + booked + " booked, " + inFlight() + " in flight");
                last[0] = System.nanoTime();
            }
            return booked >= count;
        });
    }

    private static void awaitAllBooked() {
        awaitBooked(TOTAL);
        await().atMost(RUN).pollInterval(Duration.ofSeconds(1)).until(() -> erp.count() >= TOTAL && inFlight() == 0
                && inboxEmpty());
    }

    private static long inFlight() throws SQLException {
        return single("SELECT COUNT(*) FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED')");
    }

    private static boolean inboxEmpty() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("hub-data/plants/plant-1000/inbox"))) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".csv"));
        }
    }

    private static long single(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long transitions(String to) {
        String metrics = hubApi.call("viewer", "GET", "/actuator/prometheus", null).body();
        return metrics.lines().filter(l -> l.startsWith("hub_erp_breaker_transitions_total{") && l.contains("to=\"" + to + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Exactly the rows sent, each once, and per order and operation in the order the plant confirmed them. */
    private static void assertExactlyOnceAndInOrder(List<Plant1000Csv> files) throws SQLException {
        List<JsonNode> booked = erp.confirmations();
        assertThat(booked).hasSize(TOTAL);
        assertThat(booked.stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct().count())
                .as("distinct ExternalSystemConfirmation").isEqualTo(TOTAL);
        Map<String, Long> expected = new HashMap<>();
        files.forEach(f -> f.rows().forEach(r -> expected.merge(r.order() + "|" + r.operation() + "|"
                + r.yield().setScale(3) + "|" + r.end(), 1L, Long::sum)));
        Map<String, Long> actual = booked.stream().collect(Collectors.groupingBy(c -> c.path("OrderID").asText() + "|"
                + c.path("OrderOperation").asText() + "|" + new BigDecimal(c.path("ConfirmationYieldQuantity").asText())
                        .setScale(3) + "|" + end(c), Collectors.counting()));
        assertThat(actual).isEqualTo(expected);
        Map<String, List<JsonNode>> groups = booked.stream().collect(Collectors.groupingBy(
                c -> c.path("OrderID").asText() + "/" + c.path("OrderOperation").asText(), TreeMap::new, Collectors.toList()));
        assertThat(groups).hasSize(ORDERS * 3);
        groups.forEach((group, list) -> {
            list.sort(Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())));
            List<LocalDateTime> ends = list.stream().map(CrashIT::end).toList();
            assertThat(ends).as("confirmations of %s in the order the plant sent them", group).isSorted();
        });
        assertThat(single("SELECT COUNT(*) FROM hub_exception")).as("exceptions").isZero();
        assertThat(hubApi.get("viewer", "/api/exceptions?status=ALL&origin=dlq").path("total").asLong())
                .as("dead letters").isZero();
    }

    private static LocalDateTime end(JsonNode c) {
        long millis = Long.parseLong(c.path("ConfirmedExecutionEndDate").asText().replaceAll("\\D", ""));
        LocalDate date = java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
        return date.atTime(LocalTime.MIDNIGHT.plus(Duration.parse(c.path("ConfirmedExecutionEndTime").asText())));
    }
}
