-- ERP sandbox tables (S/4HANA-style); kept apart from the hub's own tables, migrated only when the sandbox is on.
CREATE TABLE sbx_production_order (
    manufacturing_order   VARCHAR(12)   NOT NULL PRIMARY KEY,
    order_type            VARCHAR(4)    NOT NULL,
    material              VARCHAR(40)   NOT NULL,
    production_plant      VARCHAR(4)    NOT NULL,
    storage_location      VARCHAR(4),
    routing               VARCHAR(10)   NOT NULL,
    total_quantity        NUMERIC(13,3) NOT NULL,
    production_unit       VARCHAR(3)    NOT NULL,
    planned_start         TIMESTAMP     NOT NULL,
    planned_end           TIMESTAMP     NOT NULL,
    is_released           BOOLEAN       NOT NULL,
    last_change           VARCHAR(14)   NOT NULL
);

CREATE TABLE sbx_order_operation (
    routing               VARCHAR(10)   NOT NULL,
    routing_item          VARCHAR(8)    NOT NULL,
    manufacturing_order   VARCHAR(12)   NOT NULL,
    operation             VARCHAR(4)    NOT NULL,
    sequence_no           VARCHAR(6)    NOT NULL,
    operation_text        VARCHAR(40),
    work_center           VARCHAR(8)    NOT NULL,
    plant                 VARCHAR(4)    NOT NULL,
    confirmation_group    VARCHAR(10)   NOT NULL,
    planned_quantity      NUMERIC(13,3) NOT NULL,
    operation_unit        VARCHAR(3)    NOT NULL,
    PRIMARY KEY (routing, routing_item)
);
CREATE UNIQUE INDEX sbx_order_operation_no ON sbx_order_operation (manufacturing_order, operation);

-- Confirmations as the ERP booked them. No uniqueness on the external id: duplicates must stay visible.
CREATE TABLE sbx_confirmation (
    confirmation_group    VARCHAR(10)   NOT NULL,
    confirmation_count    VARCHAR(8)    NOT NULL,
    order_id              VARCHAR(12)   NOT NULL,
    sequence_no           VARCHAR(6),
    operation             VARCHAR(4)    NOT NULL,
    operation_internal_id VARCHAR(8),
    plant                 VARCHAR(4)    NOT NULL,
    work_center           VARCHAR(8),
    material              VARCHAR(40),
    confirmation_text     VARCHAR(40),
    is_final              BOOLEAN       NOT NULL,
    posting_date          DATE          NOT NULL,
    exec_start_date       DATE,
    exec_start_time       TIME,
    exec_end_date         DATE,
    exec_end_time         TIME,
    unit                  VARCHAR(3)    NOT NULL,
    unit_iso              VARCHAR(3)    NOT NULL,
    yield_qty             NUMERIC(13,3) NOT NULL,
    scrap_qty             NUMERIC(13,3) NOT NULL,
    rework_qty            NUMERIC(13,3) NOT NULL,
    variance_reason       VARCHAR(4),
    personnel             VARCHAR(8),
    external_id           VARCHAR(36),
    entered_by_user       VARCHAR(12)   NOT NULL,
    created_at            TIMESTAMP     NOT NULL,
    PRIMARY KEY (confirmation_group, confirmation_count)
);
CREATE INDEX sbx_confirmation_order ON sbx_confirmation (order_id);
CREATE INDEX sbx_confirmation_ext ON sbx_confirmation (external_id);
