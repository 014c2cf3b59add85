-- Components (reservation items) of production orders: what each operation consumes.
CREATE TABLE sbx_order_component (
    reservation          VARCHAR(10)   NOT NULL,
    reservation_item     VARCHAR(4)    NOT NULL,
    manufacturing_order  VARCHAR(12)   NOT NULL,
    operation            VARCHAR(4),
    material             VARCHAR(40)   NOT NULL,
    plant                VARCHAR(4)    NOT NULL,
    storage_location     VARCHAR(4),
    batch                VARCHAR(10),
    required_quantity    NUMERIC(13,3) NOT NULL,
    withdrawn_quantity   NUMERIC(13,3) NOT NULL,
    base_unit            VARCHAR(3)    NOT NULL,
    PRIMARY KEY (reservation, reservation_item)
);
CREATE INDEX sbx_order_component_order ON sbx_order_component (manufacturing_order);
