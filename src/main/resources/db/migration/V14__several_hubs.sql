-- Several hubs on one database (docs/deployment.md).
-- The plant files' cluster-wide read lock keeps '<plant>/<file name>' in Camel's idempotent table; a plant's file name may
-- have 255 bytes.
ALTER TABLE CAMEL_MESSAGEPROCESSED ALTER COLUMN messageId SET DATA TYPE VARCHAR(400);
-- Which hub took an event in (received, validated, queued) and which one booked it (hub.cluster.instance-id); the other
-- steps of its timeline name theirs.
ALTER TABLE hub_event ADD COLUMN received_by VARCHAR(100);
ALTER TABLE hub_event ADD COLUMN posted_by VARCHAR(100);
ALTER TABLE hub_event_step ADD COLUMN instance VARCHAR(100);
