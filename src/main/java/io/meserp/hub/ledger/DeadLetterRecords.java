package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages the broker gave up on, as the ledger records them: an open exception per dead-lettered message, and the
 * event it carried in the exception queue (docs/workflows/poison-messages.md).
 */
@Component
public class DeadLetterRecords {

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final LedgerMetrics metrics;

    public DeadLetterRecords(JdbcTemplate jdbc, Ledger ledger, LedgerMetrics metrics) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * A message the broker gave up on (it reached a dead-letter queue): an open exception, once per queued message.
     * The event keeps its ERP doubt, so a replay first asks the ERP whether it was booked after all.
     *
     * @return whether this dead letter is new to the ledger
     */
    public boolean recordDeadLetter(DeadLetter letter) {
        OffsetDateTime now = Ledger.now();
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE dlq_queue = ? AND dlq_message_id = ?",
                Integer.class, letter.queue(), letter.messageId());
        if (known != null && known > 0) {
            return false;
        }
        // how often the ERP was asked to book it; the broker's delivery count where the hub never saw the event
        int attempts = letter.eventId() == null ? letter.deliveries() : jdbc.query(
                "SELECT attempts FROM hub_event WHERE event_id = ?", (rs, i) -> rs.getInt(1), letter.eventId())
                .stream().findFirst().orElse(letter.deliveries());
        try {
            jdbc.update("INSERT INTO hub_exception (event_id, flow, plant, order_no, source, reason, payload, status, origin,"
                    + " attempts, dlq_queue, dlq_message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', 'dlq',"
                    + " ?, ?, ?, ?, ?)", letter.eventId(), letter.flow() == null ? "unknown" : letter.flow(), letter.plant(),
                    Ledger.clip(letter.orderNo(), 40), Ledger.clip(letter.queue(), 400),
                    Ledger.clip(letter.reason(), Ledger.MAX_TEXT), letter.payload(), attempts, letter.queue(), letter.messageId(), now, now);
        } catch (DuplicateKeyException race) {
            return false;
        }
        if (letter.eventId() != null) {
            jdbc.update("UPDATE hub_event SET status = 'EXCEPTION', last_error = ?, updated_at = ?,"
                    + " first_failed_at = COALESCE(first_failed_at, ?), blocking = TRUE WHERE event_id = ?"
                    + " AND status <> 'POSTED'", Ledger.clip(letter.reason(), Ledger.MAX_TEXT), now, now, letter.eventId());
            ledger.steps(List.of(new Ledger.Step(letter.eventId(), letter.orderNo(), "dead-lettered",
                    letter.queue() + ": " + letter.reason())), now);
        }
        metrics.exception(letter.flow(), letter.plant());
        return true;
    }

    /** A message in a dead-letter queue, as the hub records it. */
    public record DeadLetter(String queue, String messageId, String eventId, String flow, String plant, String orderNo,
            String payload, int deliveries, String reason) {
    }
}
