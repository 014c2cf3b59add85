package io.meserp.hub.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
     * ERP outage of two minutes in the middle (the breaker opens, and closes once the ERP is back), the broker killed
     * once and the hub's PostgreSQL stopped for 45 s and started again (nothing may be dead-lettered for it).
     */
    @Test
    void crashesOfHubAndBrokerAndOutagesOfErpAndDatabaseLoseNothingAndBookNothingTwice() throws Exception {
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
        int brokerKill = 9000 + random.nextInt(2000);
        int databaseStop = 11500 + random.nextInt(1500);
        int thirdKill = 15000 + random.nextInt(3000);

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

        // the hub's database goes away for 45 s: every consumer waits with backoff, nothing is dead-lettered
        awaitBooked(databaseStop);
        log.add("PostgreSQL stopped at " + erp.count() + " booked");
        rig.stopDatabase();
        await().pollDelay(Duration.ofSeconds(45)).atMost(Duration.ofSeconds(50)).until(() -> true);
        rig.startDatabase();
        log.add("PostgreSQL back after 45 s at " + erp.count() + " booked");

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

    private static List<Plant1000Csv> files(LocalDate firstDay) {
        return Bookings.files(FILES, ROWS_PER_FILE, ORDERS, firstDay);
    }

    private static void drop(List<Plant1000Csv> files) {
        Bookings.drop(rig, files);
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

    private static void assertExactlyOnceAndInOrder(List<Plant1000Csv> files) throws java.sql.SQLException {
        Bookings.assertExactlyOnceAndInOrder(erp, files, TOTAL, ORDERS);
        assertThat(rig.single("SELECT COUNT(*) FROM hub_exception")).as("exceptions").isZero();
        assertThat(rig.hubApi.get("viewer", "/api/exceptions?status=ALL&origin=dlq").path("total").asLong())
                .as("dead letters").isZero();
    }
}
