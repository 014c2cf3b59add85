package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed data of the sandbox ERP, written once into empty tables: released production orders for the sample
 * plants (1000: 1000000-1000199, operations 0010/0020/0030, components RM-1000-01 and RM-1000-02; 2000:
 * 2000000-2000099, operations 0010/0020, component RM-2000-01; 3000: 3000000-3000019, the worked example of
 * docs/adding-a-plant.md) and one unreleased order per plant (x000900), all stamped as changed on
 * {@value #SEED_STAMP}; and component stock in storage location 0001: RM-1000-01 (ST), RM-1000-02 (KG),
 * RM-1000-03 batch B-0001 (ST), RM-1000-SCARCE (only 5 KG), RM-2000-01 (KG), RM-2000-02 batch L-77 (ST).
 */
class SandboxSeeder {

    /** Seed orders are older than any hub start, so a poller starting "from now" does not publish them all. */
    static final String SEED_STAMP = "20260101060000";

    /** An order to create; start and end default to today 06:00 and five days later. */
    record OrderSpec(String order, String plant, String orderType, String material, BigDecimal quantity, String unit,
            boolean released, LocalDateTime plannedStart, LocalDateTime plannedEnd, List<OperationSpec> operations,
            List<ComponentSpec> components) {
    }

    record OperationSpec(String operation, String workCenter, String text) {
    }

    /** A component: material and quantity for the whole order, consumed at an operation. */
    record ComponentSpec(String material, BigDecimal quantity, String unit, String operation, String storageLocation,
            String batch) {
    }

    private final SandboxStore store;

    SandboxSeeder(SandboxStore store) {
        this.store = store;
    }

    void seedIfEmpty() {
        if (store.orderCount() == 0) {
            seedOrders();
        }
        if (store.stockCount() == 0) {
            seedStock();
        }
    }

    private void seedOrders() {
        List<OperationSpec> assembly = List.of(new OperationSpec("0010", "ASSY-01", "Pre-assembly"),
                new OperationSpec("0020", "ASSY-02", "Final assembly"), new OperationSpec("0030", "TEST-01", "End-of-line test"));
        List<OperationSpec> pressing = List.of(new OperationSpec("0010", "PRESS-01", "Pressing"),
                new OperationSpec("0020", "PACK-01", "Packing"));
        List<OperationSpec> machining = List.of(new OperationSpec("0010", "CNC-01", "Turning"),
                new OperationSpec("0020", "CNC-02", "Milling"));
        List<ComponentSpec> assemblyParts = List.of(
                new ComponentSpec("RM-1000-01", new BigDecimal("1000"), "ST", "0010", "0001", null),
                new ComponentSpec("RM-1000-02", new BigDecimal("50"), "KG", "0020", "0001", null));
        List<ComponentSpec> pressingParts = List.of(
                new ComponentSpec("RM-2000-01", new BigDecimal("35"), "KG", "0010", "0001", null));
        seedPlant("1000", 1000000, 200, "FG-1000", "ST", assembly, assemblyParts);
        seedPlant("2000", 2000000, 100, "FG-2000", "ST", pressing, pressingParts);
        seedPlant("3000", 3000000, 20, "FG-3000", "KG", machining, List.of());
    }

    private void seedStock() {
        BigDecimal plenty = new BigDecimal("1000000");
        store.moveStock("RM-1000-01", "1000", "0001", "", plenty, "ST");
        store.moveStock("RM-1000-02", "1000", "0001", "", plenty, "KG");
        store.moveStock("RM-1000-03", "1000", "0001", "B-0001", plenty, "ST");
        store.moveStock("RM-1000-SCARCE", "1000", "0001", "", new BigDecimal("5"), "KG");
        store.moveStock("RM-2000-01", "2000", "0001", "", plenty, "KG");
        store.moveStock("RM-2000-02", "2000", "0001", "L-77", plenty, "ST");
    }

    private void seedPlant(String plant, int first, int count, String material, String unit, List<OperationSpec> ops,
            List<ComponentSpec> parts) {
        for (int i = 0; i < count; i++) {
            order(new OrderSpec(Integer.toString(first + i), plant, "PP01", material, new BigDecimal("1000"), unit, true,
                    null, null, ops, parts), SEED_STAMP);
        }
        order(new OrderSpec(Integer.toString(first + 900), plant, "PP01", material, new BigDecimal("1000"), unit, false,
                null, null, ops, parts), SEED_STAMP);
    }

    /** Creates an order (admin API), stamped as changed now. */
    void order(OrderSpec spec) {
        order(spec, store.changeStamp());
    }

    private void order(OrderSpec spec, String changeStamp) {
        if (spec.order() == null || !spec.order().matches("[0-9A-Z]{1,12}")) {
            throw new IllegalArgumentException("order must be 1 to 12 digits or capital letters");
        }
        if (spec.plant() == null || !spec.plant().matches("[0-9A-Z]{4}")) {
            throw new IllegalArgumentException("plant must be 4 digits or capital letters");
        }
        String unit = spec.unit() == null ? "ST" : spec.unit();
        SandboxUnits.resolve(unit, null).orElseThrow(() -> new IllegalArgumentException("unknown unit " + unit));
        BigDecimal quantity = spec.quantity() == null ? new BigDecimal("1000") : spec.quantity();
        String routing = String.format("%010d", Integer.toUnsignedLong(spec.order().hashCode()) % 1_000_000_000L);
        LocalDateTime start = spec.plannedStart() != null ? spec.plannedStart() : LocalDate.now().atTime(LocalTime.of(6, 0));
        LocalDateTime end = spec.plannedEnd() != null ? spec.plannedEnd() : start.plusDays(5);
        store.insertOrder(spec.order(), spec.orderType() == null ? "PP01" : spec.orderType(),
                spec.material() == null ? "FG-" + spec.plant() : spec.material(), spec.plant(), routing, quantity, unit,
                start, end, spec.released(), changeStamp);
        int item = 1;
        for (OperationSpec op : spec.operations() == null ? List.<OperationSpec>of() : spec.operations()) {
            store.insertOperation(routing, String.format("%08d", item++), spec.order(), op.operation(), op.text(),
                    op.workCenter(), spec.plant(), confirmationGroup(spec.order(), op.operation()), quantity, unit);
        }
        String reservation = String.format("%010d", Integer.toUnsignedLong(("R" + spec.order()).hashCode()) % 10_000_000_000L);
        int position = 1;
        for (ComponentSpec part : spec.components() == null ? List.<ComponentSpec>of() : spec.components()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reservation", reservation);
            row.put("reservation_item", String.format("%04d", position++));
            row.put("manufacturing_order", spec.order());
            row.put("operation", part.operation());
            row.put("material", part.material());
            row.put("plant", spec.plant());
            row.put("storage_location", part.storageLocation() == null ? "0001" : part.storageLocation());
            row.put("batch", part.batch());
            row.put("required_quantity", part.quantity());
            row.put("withdrawn_quantity", BigDecimal.ZERO);
            row.put("base_unit", part.unit());
            store.insertComponent(row);
        }
    }

    /** A stable 10-digit confirmation number per order and operation, as SAP keeps one per operation. */
    static String confirmationGroup(String order, String operation) {
        long hash = Integer.toUnsignedLong((order + "/" + operation).hashCode());
        return String.format("%010d", hash % 10_000_000_000L);
    }
}
