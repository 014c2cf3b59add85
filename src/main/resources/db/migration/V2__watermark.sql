-- Where each poller stopped reading (e.g. the last LastChangeDateTime of released orders seen).
CREATE TABLE hub_watermark (
    name        VARCHAR(100)  NOT NULL PRIMARY KEY,
    mark        VARCHAR(100)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
