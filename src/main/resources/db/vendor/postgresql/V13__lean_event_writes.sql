-- An event's routine path (received, validated, queued, posted) is kept in its own row rather than as four trace steps
-- (docs/benchmarks.md, fourth round). The trace reads these columns for rows with steps_inline; rows from before keep
-- their step rows, and are not read twice.
ALTER TABLE hub_event ADD COLUMN queued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hub_event ADD COLUMN queue VARCHAR(200);
ALTER TABLE hub_event ADD COLUMN posted_note VARCHAR(2000);
ALTER TABLE hub_event ADD COLUMN steps_inline BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE hub_event ALTER COLUMN steps_inline SET DEFAULT TRUE;

-- What holds an order: an event that blocks it, or one held behind such an event; '<flow> <order>' for those, NULL for
-- all others (the same key as on H2, where a partial index does not exist). Only the holding events are indexed.
ALTER TABLE hub_event ADD COLUMN hold_key VARCHAR(81)
    GENERATED ALWAYS AS (CASE WHEN blocking OR status = 'HELD' THEN flow || ' ' || order_no END) STORED;
CREATE INDEX hub_event_hold ON hub_event (hold_key) WHERE hold_key IS NOT NULL;
DROP INDEX hub_event_flow_order_status;
DROP INDEX hub_event_flow_order_blocking;
