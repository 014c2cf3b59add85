package io.meserp.hub.ledger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How often a hub stopped while reading one plant file (hub_file_take): the guard against a file that crashes hubs. */
@Component
public class FileTakes {

    private final JdbcTemplate jdbc;

    public FileTakes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A hub stopped while reading this plant file (it was found in a hub's work folder); returns how often that has
     * happened to the same file (same name, size and modification time), on any hub.
     */
    public int countInterruptedTake(String plant, String fileName, long size, long modifiedMs) {
        java.time.OffsetDateTime now = Ledger.now();
        String name = Ledger.clip(fileName, 400);
        int updated = jdbc.update("UPDATE hub_file_take SET attempts = attempts + 1, last_at = ? WHERE plant = ?"
                + " AND file_name = ? AND size_bytes = ? AND modified_ms = ?", now, plant, name, size, modifiedMs);
        if (updated == 0) {
            jdbc.update("INSERT INTO hub_file_take (plant, file_name, size_bytes, modified_ms, attempts, last_at)"
                    + " VALUES (?, ?, ?, ?, 1, ?)", plant, name, size, modifiedMs, now);
        }
        return jdbc.queryForObject("SELECT attempts FROM hub_file_take WHERE plant = ? AND file_name = ? AND size_bytes = ?"
                + " AND modified_ms = ?", Integer.class, plant, name, size, modifiedMs);
    }

    /**
     * Deletes the read locks of {@code processorName} (CAMEL_MESSAGEPROCESSED) that no hub has renewed for {@code maxAge}:
     * their hub was killed before it released them. Camel's orphan-aware repository lets another hub take such a key
     * again but never deletes the row; without this, every crash would leave its locks for good. Returns how many.
     */
    public int clearExpiredLocks(String processorName, java.time.Duration maxAge) {
        // the repository writes createdAt from the JVM's clock, as a local timestamp: compared the same way
        return jdbc.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND createdAt < ?", processorName,
                new java.sql.Timestamp(System.currentTimeMillis() - maxAge.toMillis()));
    }
}
