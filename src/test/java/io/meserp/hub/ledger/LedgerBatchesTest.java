package io.meserp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import io.meserp.hub.support.TestLedgers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batch's bookings counted from the rows the poster read before claiming them are counted as those read back after the
 * booking: the same outcomes, latencies and times to recover, per flow and plant.
 */
class LedgerBatchesTest {

    @Test
    void bookingsCountedFromTheRowsReadBeforeTheClaimCountAsThoseReadBack() {
        SimpleMeterRegistry readBack = book(found -> null);
        SimpleMeterRegistry fromRows = book(found -> found);
        for (SimpleMeterRegistry meters : List.of(readBack, fromRows)) {
            assertThat(meters.get("hub.events").tags("outcome", "posted", "plant", "1000").counter().count()).isEqualTo(4);
            assertThat(meters.get("hub.events").tags("outcome", "recorded", "plant", "2000").counter().count()).isEqualTo(1);
            assertThat(meters.get("hub.sync.latency").tags("plant", "1000").timer().count()).isEqualTo(4);
            assertThat(meters.get("hub.recovery.time").tags("plant", "1000").timer().count()).isEqualTo(1);
            // from the first event's time (two hours before) to its booking, either way
            assertThat(meters.get("hub.sync.latency").tags("plant", "1000").timer().max(TimeUnit.SECONDS))
                    .isBetween(7200.0, 7260.0);
        }
    }

    /** Five events (one failed once, one of another plant recorded only) claimed and booked in one batch. */
    private static SimpleMeterRegistry book(Function<EventRecord, EventRecord> rowGiven) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            TestLedgers.Parts parts = TestLedgers.open(pool, meters, "batches-test");
            JdbcTemplate jdbc = parts.jdbc();
            Ledger ledger = parts.ledger();
            LedgerBatches batches = parts.batches();
            OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0);
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(new NewEvent("evt-" + i, "confirmation", i == 4 ? "2000" : "1000", "100000" + i, "f.csv row " + i,
                        "{}", time.plusMinutes(i), "h" + i));
            }
            ledger.recordValidated(events);
            ledger.markQueued(events, "hub.confirmation");
            ledger.markFailed("evt-1", "1000001", "ERP away", false, null, true);
            Map<String, EventRecord> found = batches.find(events.stream().map(NewEvent::eventId).toList());
            assertThat(found.get("evt-1").firstFailedAt()).isNotNull();
            assertThat(batches.claim(events.stream().map(NewEvent::eventId).toList(), time.plusDays(1))).hasSize(5);
            batches.markPosted(events.stream().map(e -> new LedgerBatches.Posted(e.eventId(), e.orderNo(),
                    e.plant().equals("2000") ? "-" : "MD-" + e.eventId(), "posted", rowGiven.apply(found.get(e.eventId()))))
                    .toList());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'POSTED'", Integer.class))
                    .isEqualTo(5);
        }
        return meters;
    }
}
