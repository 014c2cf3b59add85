-- Maintenance notifications as the ERP keeps them; no uniqueness on the external reference (duplicates stay visible).
CREATE TABLE sbx_maint_notification (
    notification         VARCHAR(12)   NOT NULL PRIMARY KEY,
    notification_text    VARCHAR(40)   NOT NULL,
    notification_type    VARCHAR(2)    NOT NULL,
    priority             VARCHAR(1),
    technical_object     VARCHAR(40)   NOT NULL,
    planning_plant       VARCHAR(4)    NOT NULL,
    work_center          VARCHAR(8),
    malfunction_start    TIMESTAMP,
    malfunction_end      TIMESTAMP,
    object_is_down       BOOLEAN       NOT NULL,
    downtime_duration    DOUBLE PRECISION,
    downtime_unit        VARCHAR(3),
    code_group           VARCHAR(8),
    code                 VARCHAR(4),
    ext_reference        VARCHAR(20),
    reported_by          VARCHAR(12)   NOT NULL,
    created_at           TIMESTAMP     NOT NULL
);
CREATE INDEX sbx_maint_notification_ref ON sbx_maint_notification (ext_reference);
