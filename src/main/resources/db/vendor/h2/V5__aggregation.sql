-- Camel's JDBC aggregation repository for confirmation aggregation: open aggregates, and completed ones until
-- they are fully handled (recovered after a crash).
CREATE TABLE hub_aggregation (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
CREATE TABLE hub_aggregation_completed (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
