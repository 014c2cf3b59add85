-- Downtime minutes per event (the event id keeps a re-sent event from counting twice).
CREATE TABLE hub_downtime (
    event_id     VARCHAR(36)   NOT NULL PRIMARY KEY,
    plant        VARCHAR(40)   NOT NULL,
    equipment    VARCHAR(40)   NOT NULL,
    reason_code  VARCHAR(4)    NOT NULL,
    breakdown    BOOLEAN       NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    minutes      NUMERIC(12,2) NOT NULL,
    order_no     VARCHAR(40)
);
CREATE INDEX hub_downtime_equipment ON hub_downtime (plant, equipment, reason_code);
