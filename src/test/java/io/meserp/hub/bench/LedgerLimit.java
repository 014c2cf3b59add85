package io.meserp.hub.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerBatches;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.support.TestLedgers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The ledger's own limit: what the embedded default's H2 (as application-embedded.yaml opens it) costs per event when
 * an event goes the hub's usual way through it, with nothing else in the process. Intake records and queues a file's
 * rows in batches of hub.ingest.batch-size; posting reads, checks holds, claims and records bookings in batches of
 * hub.erp.delivery.batch-size. The figure is process CPU per event: what the ledger leaves of the 0.5 ms target.
 */
final class LedgerLimit {

    record Cost(int events, double cpuMsPerEvent, double eventsPerSecond) {
    }

    private LedgerLimit() {
    }

    static Cost measure(Path dir, int events, int orders, int intakeBatch, int postBatch) throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db/hub").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                    + System.getProperty("ledger.url-options", ""));
            pool.setUsername("sa");
            pool.setMaximumPoolSize(4);
            TestLedgers.Parts parts = TestLedgers.open(pool, new SimpleMeterRegistry(), "ledger-limit");
            Ledger ledger = parts.ledger();
            LedgerBatches batches = parts.batches();
            // a warm-up of a tenth, then the measured run
            run(ledger, batches, events / 10, orders, intakeBatch, postBatch, "w");
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            run(ledger, batches, events, orders, intakeBatch, postBatch, "m");
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
            return new Cost(events, cpuMs / events, events / seconds);
        }
    }

    private static void run(Ledger ledger, LedgerBatches batches, int events, int orders, int intakeBatch, int postBatch,
            String prefix) {
        String payload = "{\"specversion\":\"1.0\",\"type\":\"io.meserp.confirmation\",\"source\":\"plant/1000\","
                + "\"subject\":\"%s\",\"time\":\"2026-12-01T08:00:00Z\",\"data\":{\"orderNo\":\"%s\",\"operation\":\"0010\","
                + "\"yield\":12.000,\"scrap\":0.000,\"unit\":\"PC\",\"workCenter\":\"WC-ASSY-01\",\"final\":false,"
                + "\"personnel\":\"4711\",\"note\":\"" + "x".repeat(300) + "\"}}";
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        for (int from = 0; from < events; from += intakeBatch) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = from; i < Math.min(events, from + intakeBatch); i++) {
                String order = "1" + String.format("%06d", i % orders);
                String id = java.util.UUID.nameUUIDFromBytes((prefix + i).getBytes()).toString();
                batch.add(new NewEvent(id, "confirmation", "1000", order, "inbox/f.csv row " + i,
                        payload.formatted(order, order), time, Integer.toHexString(i)));
            }
            ledger.recordValidated(batch);
            ledger.markQueued(batch, "hub.confirmation.1000");
            for (int p = 0; p < batch.size(); p += postBatch) {
                List<NewEvent> posting = batch.subList(p, Math.min(batch.size(), p + postBatch));
                Map<String, String> byId = new LinkedHashMap<>();
                posting.forEach(e -> byId.put(e.eventId(), e.orderNo()));
                batches.find(byId.keySet());
                batches.heldOrders("confirmation", byId.values());
                batches.claim(new ArrayList<>(byId.keySet()), time.plusMinutes(5));
                batches.markPosted(posting.stream().map(e -> new LedgerBatches.Posted(e.eventId(), e.orderNo(),
                        "MD-" + e.eventId().substring(0, 8), "posted")).toList());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("ledger-limit");
        int events = Integer.getInteger("events", 50_000);
        try {
            Cost cost = measure(dir, events, Integer.getInteger("orders", 1000), 200, 50);
            System.out.printf("ledger alone: %d events, %.3f ms CPU per event, %.0f events/s%n", cost.events(),
                    cost.cpuMsPerEvent(), cost.eventsPerSecond());
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }
}
