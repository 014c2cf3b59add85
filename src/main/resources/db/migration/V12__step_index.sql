-- A trace step is read by its order (the order's timeline), never by its event: the index on event_id cost every step
-- written (four or five per event) a B-tree leaf of its own and served no query (docs/benchmarks.md, third round).
DROP INDEX hub_event_step_event;
