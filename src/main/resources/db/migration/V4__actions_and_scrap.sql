-- Steps of multi-step reactions (quality notification, hold, QMS case, ...) already done, so a retry does only
-- what is left. The key names the event (or order and rule) and the step.
CREATE TABLE hub_action (
    action_key  VARCHAR(200)  NOT NULL PRIMARY KEY,
    result      VARCHAR(400),
    done_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Scrap confirmed per order, one row per confirmation event, for the scrap-over-threshold rules.
CREATE TABLE hub_scrap (
    event_id    VARCHAR(36)   NOT NULL PRIMARY KEY,
    order_no    VARCHAR(40)   NOT NULL,
    scrap       NUMERIC(13,3) NOT NULL,
    unit        VARCHAR(3)    NOT NULL
);
CREATE INDEX hub_scrap_order ON hub_scrap (order_no);
