-- Poison messages and order holds (docs/workflows/poison-messages.md).
-- An event in the exception queue because it was dead-lettered (or refused, with hub.erp.poison.hold-order-on-refusal)
-- holds the later events of its order in the same flow; blocking is cleared when it is booked or discarded.
ALTER TABLE hub_event ADD COLUMN blocking BOOLEAN DEFAULT FALSE NOT NULL;
-- A held event: the event it waits behind, and when it was taken off the queue (keeps the queue's order).
ALTER TABLE hub_event ADD COLUMN held_behind VARCHAR(36);
ALTER TABLE hub_event ADD COLUMN held_seq BIGINT;
-- Attempts that failed on this event while the ERP answered others (500s, errors of the hub itself); at
-- hub.erp.poison.max-attempts the message is dead-lettered.
ALTER TABLE hub_event ADD COLUMN poison_attempts INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX hub_event_flow_order ON hub_event (flow, order_no);
UPDATE hub_event SET blocking = TRUE WHERE status = 'EXCEPTION' AND event_id IN
    (SELECT event_id FROM hub_exception WHERE status IN ('OPEN', 'REPLAYING') AND origin = 'dlq');
-- When a held event was last sent back through its queue because nothing holds its order any more.
ALTER TABLE hub_event ADD COLUMN released_at TIMESTAMP WITH TIME ZONE;
