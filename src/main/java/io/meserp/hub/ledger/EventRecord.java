package io.meserp.hub.ledger;

import java.time.OffsetDateTime;

/**
 * One event as the ledger holds it. {@code erpUncertain}: a posting was sent whose outcome is unknown.
 * {@code blocking}: it is in the exception queue and holds its order's later events; {@code heldBehind}: the event a
 * HELD event waits for. {@code firstFailedAt}: its first failed attempt, if any (for the time-to-recover metric).
 */
public record EventRecord(String eventId, String flow, String plant, String orderNo, String source,
        EventStatus status, boolean erpUncertain, String erpDocument, int attempts, String lastError,
        OffsetDateTime eventTime, OffsetDateTime receivedAt, OffsetDateTime updatedAt, OffsetDateTime postedAt,
        boolean blocking, String heldBehind, int poisonAttempts,
        @com.fasterxml.jackson.annotation.JsonIgnore String payload,
        @com.fasterxml.jackson.annotation.JsonIgnore OffsetDateTime firstFailedAt) {

    /** The event of a hub_event row (a {@code RowMapper}). */
    static EventRecord read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new EventRecord(rs.getString("event_id"), rs.getString("flow"), rs.getString("plant"),
                rs.getString("order_no"), rs.getString("source"), EventStatus.valueOf(rs.getString("status")),
                rs.getBoolean("erp_uncertain"), rs.getString("erp_document"), rs.getInt("attempts"),
                rs.getString("last_error"), Ledger.time(rs, "event_time"), Ledger.time(rs, "received_at"),
                Ledger.time(rs, "updated_at"), Ledger.time(rs, "posted_at"), rs.getBoolean("blocking"),
                rs.getString("held_behind"), rs.getInt("poison_attempts"), rs.getString("payload"),
                Ledger.time(rs, "first_failed_at"));
    }

    /** From the MES event time to the booking, in milliseconds; null until booked. */
    @com.fasterxml.jackson.annotation.JsonProperty("latencyMillis")
    public Long latencyMillis() {
        return postedAt == null || eventTime == null ? null : java.time.Duration.between(eventTime, postedAt).toMillis();
    }
}
