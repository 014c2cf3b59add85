package io.meserp.hub.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.meserp.hub.support.ClusterRig;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker failover, a benchmark-style run and not part of {@code mvn verify} (it does not fit the suite's time on two
 * cores): {@code mvn -Pfailover verify}. The replicated live/backup pair of docker/compose.yaml (docker/artemis/ha/) as
 * two real brokers, PostgreSQL, the ERP sandbox and two hubs that know both brokers. 10,000 rows in 100 files are
 * dropped; the live broker is SIGKILLed while they are booked; the backup takes over and the hubs go on with it. At the
 * end the ERP must hold each row once, in order per order and operation, with no exception. It prints how long the
 * backup took and how long booking stood still, and writes them to target/reliability/broker-failover.md.
 */
class BrokerFailoverBenchmark {

    private static final int FILES = 100;
    private static final int ROWS = 100;
    private static final int ORDERS = 30;
    private static final int TOTAL = FILES * ROWS;

    @Test
    void theHubsGoOnWithTheBackupWhenTheLiveBrokerIsKilledWithNothingLostOrDoubled() throws Exception {
        try (ClusterRig rig = ClusterRig.startOnPair(List.of("hub-a", "hub-b"))) {
            List<Plant1000Csv> files = Bookings.files(FILES, ROWS, ORDERS, LocalDate.of(2026, 1, 5));
            long dropped = System.nanoTime();
            for (int f = 0; f < FILES; f++) {
                rig.drop("failover-" + f + ".csv", files.get(f));
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> rig.erp.count() >= TOTAL / 3);
            long bookedAtKill = rig.erp.count();
            rig.broker.kill();
            long killed = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(rig.backup::listening);
            Duration backupLive = Duration.ofNanos(System.nanoTime() - killed);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rig.erp.count() > bookedAtKill + 50);
            Duration stall = Duration.ofNanos(System.nanoTime() - killed);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> rig.erp.count() >= TOTAL
                    && rig.inFlight() == 0 && rig.files("inbox").isEmpty() && rig.files("work").isEmpty());
            Duration total = Duration.ofNanos(System.nanoTime() - dropped);

            Bookings.assertExactlyOnceAndInOrder(rig.erp, files, TOTAL, ORDERS);
            assertThat(rig.single("SELECT COUNT(*) FROM hub_exception")).as("exceptions").isZero();
            assertThat(rig.single("SELECT COUNT(DISTINCT file_name) FROM hub_file WHERE outcome = 'ARCHIVED'")).isEqualTo(FILES);
            List<String> postedBy = rig.pairs("SELECT posted_by, COUNT(*) FROM hub_event GROUP BY posted_by");

            String summary = "Broker failover (" + java.time.OffsetDateTime.now().withNano(0) + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores): " + TOTAL + " confirmations in " + FILES
                    + " files, 2 hubs on the replicated pair; the live broker SIGKILLed at " + bookedAtKill + " booked; the"
                    + " backup was live " + backupLive.toMillis() + " ms later and the hubs had booked 50 more "
                    + stall.toMillis() + " ms after the kill; all booked " + total.toSeconds() + " s after the drop, each"
                    + " once and in order, no exception; booked by " + postedBy;
            System.out.println(summary);
            Files.createDirectories(Path.of("target/reliability"));
            Files.writeString(Path.of("target/reliability/broker-failover.md"), summary + System.lineSeparator());
        }
    }
}
