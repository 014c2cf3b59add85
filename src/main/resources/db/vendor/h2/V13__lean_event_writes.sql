-- An event's routine path (received, validated, queued, posted) is kept in its own row rather than as four trace steps:
-- each step was a row in hub_event_step and a leaf of its order index, at a random place for each order
-- (docs/benchmarks.md, fourth round). The trace reads these columns for rows with steps_inline; rows from before keep
-- their step rows, and are not read twice.
ALTER TABLE hub_event ADD COLUMN queued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hub_event ADD COLUMN queue VARCHAR(200);
ALTER TABLE hub_event ADD COLUMN posted_note VARCHAR(2000);
ALTER TABLE hub_event ADD COLUMN steps_inline BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE hub_event ALTER COLUMN steps_inline SET DEFAULT TRUE;

-- What holds an order: an event that blocks it, or one held behind such an event. Every posting asks; almost always
-- nothing does. hold_key is '<flow> <order>' for those events and NULL for all others, so that its index has one
-- entry per event at the end of the NULL run, in the order events arrive, and a status change touches it only when an
-- event starts or stops holding its order. The two indexes it replaces took an entry at a random place per order, and
-- moved it at every change of status.
ALTER TABLE hub_event ADD COLUMN hold_key VARCHAR(81)
    GENERATED ALWAYS AS (CASE WHEN blocking OR status = 'HELD' THEN flow || ' ' || order_no END);
CREATE INDEX hub_event_hold ON hub_event (hold_key);
DROP INDEX hub_event_flow_order_status;
DROP INDEX hub_event_flow_order_blocking;
