-- Plant files the hub was reading when it stopped (crash, out of memory), by name, size and modification time: after
-- hub.plants.max-take-attempts such stops the file is set aside to error/ instead of being taken again for ever.
CREATE TABLE hub_file_take (
    plant        VARCHAR(40)   NOT NULL,
    file_name    VARCHAR(400)  NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    modified_ms  BIGINT        NOT NULL,
    attempts     INTEGER       NOT NULL,
    last_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plant, file_name, size_bytes, modified_ms)
);
