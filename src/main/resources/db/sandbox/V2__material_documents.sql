-- Stock per material, plant, storage location and batch (unrestricted use), in the material's base unit.
CREATE TABLE sbx_stock (
    material          VARCHAR(40)   NOT NULL,
    plant             VARCHAR(4)    NOT NULL,
    storage_location  VARCHAR(4)    NOT NULL,
    batch             VARCHAR(10)   NOT NULL,
    quantity          NUMERIC(31,3) NOT NULL,
    base_unit         VARCHAR(3)    NOT NULL,
    PRIMARY KEY (material, plant, storage_location, batch)
);

-- Material documents as the ERP booked them; no uniqueness on ReferenceDocument: duplicates must stay visible.
CREATE TABLE sbx_material_document (
    document_year        VARCHAR(4)   NOT NULL,
    document_number      VARCHAR(10)  NOT NULL,
    goods_movement_code  VARCHAR(2)   NOT NULL,
    posting_date         DATE         NOT NULL,
    document_date        DATE         NOT NULL,
    reference_document   VARCHAR(16),
    header_text          VARCHAR(25),
    created_by_user      VARCHAR(12)  NOT NULL,
    created_at           TIMESTAMP    NOT NULL,
    PRIMARY KEY (document_year, document_number)
);
CREATE INDEX sbx_material_document_ref ON sbx_material_document (reference_document);

CREATE TABLE sbx_material_document_item (
    document_year        VARCHAR(4)    NOT NULL,
    document_number      VARCHAR(10)   NOT NULL,
    item                 VARCHAR(4)    NOT NULL,
    material             VARCHAR(40)   NOT NULL,
    plant                VARCHAR(4)    NOT NULL,
    storage_location     VARCHAR(4)    NOT NULL,
    batch                VARCHAR(10),
    movement_type        VARCHAR(3)    NOT NULL,
    manufacturing_order  VARCHAR(12),
    order_item           VARCHAR(4),
    quantity             NUMERIC(13,3) NOT NULL,
    entry_unit           VARCHAR(3)    NOT NULL,
    reservation          VARCHAR(10),
    reservation_item     VARCHAR(4),
    finally_issued       BOOLEAN,
    PRIMARY KEY (document_year, document_number, item)
);
CREATE INDEX sbx_material_document_item_order ON sbx_material_document_item (manufacturing_order);
