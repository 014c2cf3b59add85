package io.meserp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.meserp.hub.support.TestFiles;
import io.meserp.hub.support.TestLedgers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The embedded ledger's file on H2 with WRITE_DELAY=0 (each commit a chunk of its own, H2's housekeeping off): without
 * {@link LedgerHousekeeping} the live share of its chunks falls to a tenth and the file grows with every event; with
 * it the live share stays above the fill rate and the file grows only with what is live. H2's retention time is 0 here so that a
 * freed chunk is used again at once, as it is after 45 s in the hub.
 */
class LedgerHousekeepingTest {

    private static final int ROUNDS = 6;
    private static final int EVENTS_PER_ROUND = 2_000;

    @Test
    void withHousekeepingMostOfTheFileIsLiveAndItGrowsOnlyWithWhatIsLive() throws Exception {
        long[] without = writeRounds(false);
        long[] with = writeRounds(true);
        // the file as the hub found it: a chunk that keeps one live page is never freed
        assertThat(without[ROUNDS]).as("live percent of the chunks, no housekeeping").isLessThan(30);
        assertThat(with[ROUNDS]).as("live percent of the chunks, housekeeping").isGreaterThanOrEqualTo(50);
        assertThat(with[ROUNDS - 1]).as("file after the last round, housekeeping").isLessThan(without[ROUNDS - 1] / 2);
        // what the rounds after the first add: what is live (the events' rows and indexes), not a new chunk per commit
        assertThat(with[ROUNDS - 1] - with[0]).as("growth, housekeeping")
                .isLessThan((without[ROUNDS - 1] - without[0]) / 2);
    }

    @Test
    void theRetentionTimeIsCutOnlyWhenItSpansAFewRoundsEachOfWhichForcesTheFileToDisk() throws Exception {
        Path dir = TestFiles.newDataDir();
        String url = "jdbc:h2:file:" + dir.resolve("db/hub").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername("sa");
            LedgerHousekeeping shortRounds = new LedgerHousekeeping(pool, new SimpleMeterRegistry(), url, 1000, 50, 1 << 20,
                    2000);
            shortRounds.run();
            assertThat(LedgerHousekeeping.store(pool).getRetentionTime()).as("2 s is two rounds: H2's own").isEqualTo(45_000);
            shortRounds.destroy();
            LedgerHousekeeping keeper = new LedgerHousekeeping(pool, new SimpleMeterRegistry(), url, 1000, 50, 1 << 20,
                    5000);
            keeper.run();
            assertThat(LedgerHousekeeping.store(pool).getRetentionTime()).isEqualTo(5000);
            // stopped, it leaves the store with H2's own
            keeper.destroy();
            assertThat(LedgerHousekeeping.store(pool).getRetentionTime()).isEqualTo(45_000);
        }
    }

    @Test
    void aLedgerInMemoryOrOnAServerIsLeftAlone() throws Exception {
        for (String url : List.of("jdbc:h2:mem:x", "jdbc:h2:tcp://localhost/x", "jdbc:postgresql://localhost/hub")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            LedgerHousekeeping keeper = new LedgerHousekeeping(null, meters, url, 1000, 50, 1 << 20, 5000);
            assertThat(keeper.run()).as(url).isFalse();
            assertThat(meters.getMeters()).as(url).isEmpty();
            keeper.destroy();
        }
    }

    /** Sizes of the file after each round (index 0 to ROUNDS - 1) and, last, the live percent of its chunks. */
    private static long[] writeRounds(boolean housekeeping) throws Exception {
        Path dir = TestFiles.newDataDir();
        String url = "jdbc:h2:file:" + dir.resolve("db/hub").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                + ";RETENTION_TIME=0";
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername("sa");
            pool.setMaximumPoolSize(2);
            TestLedgers.Parts parts = TestLedgers.open(pool, new SimpleMeterRegistry(), "housekeeping-test");
            Ledger ledger = parts.ledger();
            LedgerBatches batches = parts.batches();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // interval 0: rounds run here, one after each batch of writes, as the hub's would between commits
            LedgerHousekeeping keeper = new LedgerHousekeeping(pool, meters, url, 0, 50, 1 << 20, 0);
            long[] result = new long[ROUNDS + 1];
            for (int round = 0; round < ROUNDS; round++) {
                for (int from = 0; from < EVENTS_PER_ROUND; from += 200) {
                    book(ledger, batches, round * EVENTS_PER_ROUND + from, 200);
                    for (int i = 0; housekeeping && i < 10 && keeper.run(); i++) {
                        // until nothing is left to rewrite
                    }
                }
                result[round] = Files.size(dir.resolve("db/hub.mv.db"));
            }
            result[ROUNDS] = LedgerHousekeeping.store(pool).getFileStore().getChunksFillRate();
            if (housekeeping) {
                assertThat(meters.get("hub.ledger.file.live").gauge().value()).isEqualTo(result[ROUNDS]);
                assertThat(meters.get("hub.ledger.file.size").gauge().value()).isPositive();
            }
            return result;
        }
    }

    /** Events from intake to booking in the hub's batches: recorded, queued, claimed, posted. */
    private static void book(Ledger ledger, LedgerBatches batches, int first, int count) {
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        List<NewEvent> events = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String order = Integer.toString(5_000_000 + i % 100);
            events.add(new NewEvent(UUID.nameUUIDFromBytes(("housekeeping " + i).getBytes()).toString(), "confirmation",
                    "1000", order, "inbox/f.csv row " + i, "{\"subject\":\"" + order + "\",\"note\":\"" + "x".repeat(500)
                            + "\"}", time, Integer.toHexString(i)));
        }
        ledger.recordValidated(events);
        ledger.markQueued(events, "hub.confirmation.1000");
        for (int p = 0; p < events.size(); p += 50) {
            List<NewEvent> posting = events.subList(p, p + 50);
            batches.claim(posting.stream().map(NewEvent::eventId).toList(), time.plusMinutes(5));
            batches.markPosted(posting.stream().map(e -> new LedgerBatches.Posted(e.eventId(), e.orderNo(), "MD-1",
                    "posted")).toList());
        }
    }
}
