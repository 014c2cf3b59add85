package io.meserp.hub.reliability;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.ReliabilityRig;
import io.meserp.hub.support.SandboxErp;
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

    private static ReliabilityRig rig;
    private static SandboxErp erp;

    @BeforeAll
    static void start() throws Exception {
        rig = ReliabilityRig.start("384m", "512m");
        erp = rig.erp;
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /**
     * One run of 20,000 confirmations across 200 orders against a flaky ERP (500s, 429s, answers lost after booking,
     * jitter) with the hub killed three times at random points (the first while files are still being taken in), an
     * ERP outage of two minutes in the middle (the breaker opens, and closes once the ERP is back) and the broker
     * killed once.
     */
    @Test
    void crashesOfHubAndBrokerAndAnErpOutageLoseNothingAndBookNothingTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // a flaky ERP throughout: 10 % 500, 5 % booked-then-no-answer, 5 % 429 with Retry-After, 0-200 ms jitter
        String flaky = ReliabilityRig.FLAKY;
        erp.faults("{" + flaky + "}");
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
            rig.hub.kill();
            rig.hub.start();
        }

        awaitBooked(outageAt);
        long opened = rig.breakerTransitions("OPEN");
        long closed = rig.breakerTransitions("CLOSED");
        log.add("ERP outage from " + erp.count() + " booked");
        erp.faults("{\"outage\":true," + flaky + "}");
        long outageStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).until(() -> rig.breakerTransitions("OPEN") > opened);
        Duration left = Duration.ofMinutes(2).minusNanos(System.nanoTime() - outageStart);
        // the outage lasts two minutes, whatever the hub does meanwhile
        await().pollDelay(left.isNegative() ? Duration.ZERO : left).atMost(left.plusSeconds(10)).until(() -> true);
        erp.faults("{" + flaky + "}");
        await().atMost(Duration.ofMinutes(2)).until(() -> rig.breakerTransitions("CLOSED") > closed);
        log.add("ERP back after 2 min; breaker opened " + (rig.breakerTransitions("OPEN") - opened) + "x, closed again");

        awaitBooked(brokerKill);
        log.add("broker SIGKILL at " + erp.count() + " booked");
        rig.broker.kill();
        rig.broker.start();

        awaitBooked(thirdKill);
        log.add("hub SIGKILL at " + erp.count() + " booked");
        rig.hub.kill();
        rig.hub.start();

        awaitAllBooked();
        erp.clearFaults();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertExactlyOnceAndInOrder(files);
        String summary = "CrashIT seed " + seed + ": " + TOTAL + " confirmations, " + ORDERS + " orders, flaky ERP ("
                + flaky.replace("\"", "") + "), booked exactly once and in order in " + took.toSeconds() + " s; "
                + String.join("; ", log);
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
            rig.drop("crash-" + System.nanoTime() + "-" + f + ".csv", files.get(f));
        }
    }

    private static void awaitBooked(long count) {
        long[] last = {System.nanoTime()};
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            long booked = erp.count();
            if (System.nanoTime() - last[0] > Duration.ofSeconds(15).toNanos()) {
                System.out.println("CrashIT progress: " + booked + " booked, " + rig.inFlight() + " in flight");
                last[0] = System.nanoTime();
            }
            return booked >= count;
        });
    }

    private static void awaitAllBooked() {
        awaitBooked(TOTAL);
        await().atMost(RUN).pollInterval(Duration.ofSeconds(1)).until(() -> erp.count() >= TOTAL && rig.inFlight() == 0
                && rig.inboxEmpty());
    }

    /** Exactly the rows sent, each once, and per order and operation in the order the plant confirmed them. */
    private static void assertExactlyOnceAndInOrder(List<Plant1000Csv> files) throws java.sql.SQLException {
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
        assertThat(rig.single("SELECT COUNT(*) FROM hub_exception")).as("exceptions").isZero();
        assertThat(rig.hubApi.get("viewer", "/api/exceptions?status=ALL&origin=dlq").path("total").asLong())
                .as("dead letters").isZero();
    }

    private static LocalDateTime end(JsonNode c) {
        long millis = Long.parseLong(c.path("ConfirmedExecutionEndDate").asText().replaceAll("\\D", ""));
        LocalDate date = java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
        return date.atTime(LocalTime.MIDNIGHT.plus(Duration.parse(c.path("ConfirmedExecutionEndTime").asText())));
    }
}
