-- The fingerprint of the fact an event carries: an id that comes back with another fact is refused, not taken as a
-- duplicate (rows from before this column have none and are not compared).
ALTER TABLE hub_event ADD COLUMN fact_hash VARCHAR(64);

-- File keys are <plant>:<sha-256>@<flows>: a plant id of 40 characters did not fit in 100.
ALTER TABLE CAMEL_MESSAGEPROCESSED ALTER COLUMN messageId SET DATA TYPE VARCHAR(200);
