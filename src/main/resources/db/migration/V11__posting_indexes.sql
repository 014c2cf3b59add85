-- Every posting asks whether its order is held (Holds.holds): an event that blocks the order, or held events. Both are
-- found on an index, without reading the order's history; (flow, order_no, status) also serves what the dropped
-- (flow, order_no) index served.
DROP INDEX hub_event_flow_order;
CREATE INDEX hub_event_flow_order_status ON hub_event (flow, order_no, status);
CREATE INDEX hub_event_flow_order_blocking ON hub_event (flow, order_no, blocking);
