-- Who is posting an event right now: a consumer claims the event until posting_until before it asks or posts to the ERP,
-- so two deliveries of one event (two copies, a redelivery racing its original) never post it side by side.
ALTER TABLE hub_event ADD COLUMN posting_until TIMESTAMP WITH TIME ZONE;
