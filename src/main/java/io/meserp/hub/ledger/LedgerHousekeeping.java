package io.meserp.hub.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 ledger's file from growing without end. The embedded default opens H2 with {@code WRITE_DELAY=0}
 * so that a commit is in the file when it returns; H2 then writes each commit as a new chunk of the file and stops its
 * background thread, which is also what rewrites the live pages of old, mostly dead chunks so that their space can be
 * used again. Without it a chunk that keeps a single live page is never freed: the benchmark's ledger grew by 12 to
 * 15 KB per event for good, less than a tenth of it live (docs/benchmarks.md).
 * <p>
 * This does what that thread would: every {@code hub.ledger.housekeeping.interval}, when less than {@code fill-rate}
 * percent of the chunks' space is live, it has H2 rewrite the live pages of the emptiest old chunks ({@link
 * MVStore#compact}, at most {@code write-limit} bytes a round); H2 frees a chunk once nothing in it is live and it is
 * older than its retention time. Each round first forces the file to disk, and with that the retention time is cut
 * from H2's 45 s to {@code retention} (5 s; at least three rounds, else H2's stays): H2 keeps freed chunks that long only
 * in case the OS has not yet written what came after them. The file then grows with what is live plus a few seconds of
 * commits; it does not shrink while the hub runs. Written here because H2 has no setting that keeps both the synchronous
 * commit and its housekeeping. Gauges {@code hub.ledger.file.size}, {@code hub.ledger.file.live} and {@code
 * hub.ledger.file.commits} show the file, its live share and how many commits it took.
 * <p>
 * Only for a ledger on an H2 file; on PostgreSQL (autovacuum) it does nothing.
 */
@Component
public class LedgerHousekeeping implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerHousekeeping.class);
    /** H2's own retention time for a file store. */
    private static final int H2_RETENTION_MS = 45_000;

    private final DataSource dataSource;
    private final int fillRate;
    private final int writeLimit;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong fileSize = new AtomicLong();
    private final AtomicLong livePercent = new AtomicLong(100);
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean failedOnce;
    /** The retention time the rounds give H2, or -1 to leave H2's own. */
    private final int retentionMs;
    /** The store whose retention time was cut, to be given H2's back when a round fails. */
    private MVStore cut;

    public LedgerHousekeeping(DataSource dataSource, MeterRegistry meters, @Value("${spring.datasource.url:}") String url,
            @Value("${hub.ledger.housekeeping.interval:1000}") long intervalMs,
            @Value("${hub.ledger.housekeeping.fill-rate:50}") int fillRate,
            @Value("${hub.ledger.housekeeping.write-limit:4194304}") int writeLimit,
            @Value("${hub.ledger.housekeeping.retention:5000}") int retentionMs) {
        this.dataSource = dataSource;
        this.fillRate = fillRate;
        this.writeLimit = writeLimit;
        // an H2 file (jdbc:h2:file:... or jdbc:h2:<path>), not in memory, not a server's: its store is in this process
        boolean embeddedFile = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")
                && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
        // H2 keeps a freed chunk 45 s (its retention time) before it writes over it, assuming the OS has flushed the
        // chunks written since. Each round forces the file to disk first, so a shorter retention holds that assumption
        // as long as it is a few rounds: freed space is used again sooner, and the file holds fewer dead chunks.
        this.retentionMs = intervalMs > 0 && retentionMs >= 3 * intervalMs ? retentionMs : -1;
        if (!embeddedFile) {
            this.scheduler = null;
            return;
        }
        Gauge.builder("hub.ledger.file.size", fileSize, AtomicLong::get).baseUnit("bytes")
                .description("Size of the embedded ledger's file (H2)").register(meters);
        Gauge.builder("hub.ledger.file.live", livePercent, AtomicLong::get).baseUnit("percent")
                .description("Share of the embedded ledger's written chunks that is live (H2)").register(meters);
        Gauge.builder("hub.ledger.file.commits", commits, AtomicLong::get)
                .description("Commits written to the embedded ledger's file since it was created, a chunk each (H2)")
                .register(meters);
        if (intervalMs <= 0) {
            this.scheduler = null;
            return;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-housekeeping");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::run, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * One round: rewrites the emptiest old chunks' live pages when too little of the file is live; returns whether any
     * page was rewritten. A ledger that is not an H2 file has nothing to do.
     */
    public boolean run() {
        try {
            MVStore store = store(dataSource);
            if (store == null || store.isClosed()) {
                return false;
            }
            // on disk before any chunk is freed: what H2's retention time assumes of the OS
            store.sync();
            if (retentionMs >= 0 && store.getRetentionTime() != retentionMs) {
                store.setRetentionTime(retentionMs);
                cut = store;
            }
            boolean rewritten = store.getFileStore().getChunksFillRate() < fillRate && store.compact(fillRate, writeLimit);
            fileSize.set(store.getFileStore().size());
            livePercent.set(store.getFileStore().getChunksFillRate());
            commits.set(store.getCurrentVersion());
            failedOnce = false;
            return rewritten;
        } catch (SQLException | RuntimeException e) {
            // the next round tries again; said once, not every second while the database is away
            if (!failedOnce) {
                LOG.warn("Ledger housekeeping failed (the ledger's file may grow until it succeeds): {}", e.toString());
            }
            failedOnce = true;
            // the file may not have been forced: H2 keeps freed chunks as long as it would on its own
            restoreRetention();
            return false;
        }
    }

    /** The embedded H2 store behind the ledger's connections, or null for any other database. */
    static MVStore store(DataSource dataSource) throws SQLException {
        if (dataSource == null) {
            return null;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || !session.getDatabase().isPersistent()) {
                return null;
            }
            return session.getDatabase().getStore().getMvStore();
        }
    }

    private void restoreRetention() {
        MVStore store = cut;
        cut = null;
        try {
            if (store != null && !store.isClosed()) {
                store.setRetentionTime(H2_RETENTION_MS);
            }
        } catch (RuntimeException closing) {
            // closed meanwhile: it opens with H2's own retention time
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        if (scheduler != null) {
            // no interrupt: a thread interrupted in a file operation closes H2's file channel under it
            scheduler.shutdown();
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Ledger housekeeping did not end its round within 10 s of shutdown");
            }
            restoreRetention();
        }
    }
}
