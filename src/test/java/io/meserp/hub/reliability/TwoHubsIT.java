package io.meserp.hub.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.support.ClusterRig;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hubs, one broker, one database, one plant folder, as the production layout runs them (real processes): they share
 * the bookings, a plant's files are read by one of them at a time (in the order the plant wrote them), the singletons run on one at a time, and SIGKILL of the
 * one that leads loses nothing: the other takes over the singletons and the files the dead one had half read.
 */
class TwoHubsIT {

    private static final int FILES = 100;
    private static final int ROWS = 100;
    private static final int ORDERS = 30;
    private static final int TOTAL = FILES * ROWS;

    private static ClusterRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = ClusterRig.start(List.of("hub-a", "hub-b"), "--hub.release.poll-interval=1000",
                "--hub.release.initial-delay=0",
                // the read locks the killed hub had not yet released are deleted once this old (default 30 s)
                "--hub.cluster.file-lock-max-age=10s");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void twoHubsShareTheWorkAndTheSurvivorOfAKillFinishesItWithNothingLostOrDoubled() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> rig.leader() != null);
        String leader = rig.leader();
        for (int i = 1; i <= 3; i++) {
            rig.erp.createOrder("100090" + i, "1000", true);
        }
        List<Plant1000Csv> files = Bookings.files(FILES, ROWS, ORDERS, LocalDate.of(2025, 11, 3));
        for (int f = 0; f < FILES; f++) {
            rig.drop("two-hubs-" + f + ".csv", files.get(f));
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> rig.erp.count() >= TOTAL / 3);
        assertThat(released("100090")).as("released before the kill, by the leader alone").hasSize(3);

        long booked = rig.erp.count();
        List<String> inWork = rig.files("work").stream().map(p -> rig.shared.relativize(p).toString()).toList();
        rig.hubs.get(leader).kill();
        long killed = System.nanoTime();
        for (int i = 4; i <= 6; i++) {
            rig.erp.createOrder("100090" + i, "1000", true);
        }
        // the other hub leads within 30 s of the kill: its release poll delivers the orders released after it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> released("100090").size() >= 6);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        String survivor = rig.hubs.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        assertThat(rig.leader()).isEqualTo(survivor);

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).until(() -> rig.erp.count() >= TOTAL
                && rig.inFlight() == 0 && rig.files("inbox").isEmpty() && rig.files("work").isEmpty());
        Bookings.assertExactlyOnceAndInOrder(rig.erp, files, TOTAL, ORDERS);
        // every order released once, although both hubs poll the ERP's releases when they lead
        List<Path> releases = released("100090");
        assertThat(releases).hasSize(6);
        assertThat(releases.stream().map(p -> p.getFileName().toString().substring(0, 7)).distinct()).hasSize(6);
        // both hubs took files in and booked; each file was taken, and archived, once
        // the plant's files were read by one hub at a time: the leader of plant-1000 until the kill, then the other
        assertThat(rig.pairs("SELECT received_by, COUNT(*) FROM hub_event WHERE flow = 'confirmation' GROUP BY received_by"))
                .as("events taken in, by hub").isNotEmpty();
        List<String> postedBy = rig.pairs("SELECT posted_by, COUNT(*) FROM hub_event WHERE flow = 'confirmation'"
                + " GROUP BY posted_by");
        assertThat(postedBy).as("events booked, by hub").hasSize(2);
        assertThat(rig.single("SELECT COUNT(DISTINCT file_name) FROM hub_file")).as("files recorded").isEqualTo(FILES);
        // A file the killed hub had recorded but not yet archived is taken again by the survivor, which records that take
        // too: every row a duplicate, or the whole file one (its content was taken): at most one such file (a plant's files
        // are read one at a time), and nothing queued by its second take.
        long secondTakes = rig.single("SELECT COUNT(*) FROM hub_file") - FILES;
        assertThat(secondTakes).as("files taken twice").isBetween(0L, 1L);
        assertThat(rig.single("SELECT COUNT(*) FROM hub_file f WHERE f.accepted = 0 AND (f.duplicates = " + ROWS
                + " OR f.outcome = 'DUPLICATE') AND EXISTS (SELECT 1 FROM hub_file o WHERE o.file_name = f.file_name"
                + " AND o.id <> f.id)")).as("second takes, all duplicates").isGreaterThanOrEqualTo(secondTakes);
        assertThat(rig.single("SELECT COUNT(DISTINCT file_name) FROM hub_file WHERE outcome = 'ARCHIVED'")).isEqualTo(FILES);
        assertThat(rig.single("SELECT COUNT(*) FROM hub_exception")).as("exceptions").isZero();
        // the killed hub's read locks of its last few seconds are deleted by the survivor's sweep once they are stale
        String locks = "SELECT messageId, createdAt FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'plant-file-inbound-lock'";
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(rig.pairs(locks)).as("read locks left behind").isEmpty());

        String summary = "TwoHubsIT: " + TOTAL + " confirmations in " + FILES + " files over " + ORDERS + " orders, hubs"
                + " hub-a and hub-b; leader " + leader + " SIGKILLed at " + booked + " booked with " + inWork
                + " in work/; " + survivor + " led after " + takeover.toMillis() + " ms; booked by " + postedBy
                + "; exactly once and in order";
        System.out.println(summary);
        Files.createDirectories(Path.of("target/reliability"));
        Files.writeString(Path.of("target/reliability/two-hubs-run.txt"), summary + System.lineSeparator());
    }

    private static List<Path> released(String prefix) throws java.io.IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : rig.files("outbox")) {
            if (p.getFileName().toString().startsWith(prefix)) {
                found.add(p);
            }
        }
        return found;
    }
}
