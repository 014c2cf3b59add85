package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * Seed data of the sandbox ERP, written once into empty tables: released production orders for the sample
 * plants (1000: 1000000-1000199, operations 0010/0020/0030; 2000: 2000000-2000099, operations 0010/0020;
 * 3000: 3000000-3000019, the worked example of docs/adding-a-plant.md) and one unreleased order per plant
 * (x000900); and component stock in storage location 0001: RM-1000-01 (ST), RM-1000-02 (KG), RM-1000-03 batch
 * B-0001 (ST), RM-1000-SCARCE (only 5 KG), RM-2000-01 (KG), RM-2000-02 batch L-77 (ST).
 */
class SandboxSeeder {

    /** An order to create: number, plant, material, quantity, unit (SAP code), released, operations. */
    record OrderSpec(String order, String plant, String material, BigDecimal quantity, String unit, boolean released,
            List<OperationSpec> operations) {
    }

    record OperationSpec(String operation, String workCenter, String text) {
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
        seedPlant("1000", 1000000, 200, "FG-1000", "ST", assembly);
        seedPlant("2000", 2000000, 100, "FG-2000", "ST", pressing);
        seedPlant("3000", 3000000, 20, "FG-3000", "KG", machining);
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

    private void seedPlant(String plant, int first, int count, String material, String unit, List<OperationSpec> ops) {
        for (int i = 0; i < count; i++) {
            order(new OrderSpec(Integer.toString(first + i), plant, material, new BigDecimal("1000"), unit, true, ops));
        }
        order(new OrderSpec(Integer.toString(first + 900), plant, material, new BigDecimal("1000"), unit, false, ops));
    }

    void order(OrderSpec spec) {
        if (spec.order() == null || !spec.order().matches("[0-9A-Z]{1,12}")) {
            throw new IllegalArgumentException("order must be 1 to 12 digits or capital letters");
        }
        if (spec.plant() == null || !spec.plant().matches("[0-9A-Z]{4}")) {
            throw new IllegalArgumentException("plant must be 4 digits or capital letters");
        }
        if (spec.operations() == null || spec.operations().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one operation");
        }
        String unit = spec.unit() == null ? "ST" : spec.unit();
        SandboxUnits.resolve(unit, null).orElseThrow(() -> new IllegalArgumentException("unknown unit " + unit));
        String routing = String.format("%010d", Math.abs(spec.order().hashCode()) % 1_000_000_000L);
        LocalDateTime start = LocalDate.now().atTime(LocalTime.of(6, 0));
        store.insertOrder(spec.order(), "PP01", spec.material() == null ? "FG-" + spec.plant() : spec.material(),
                spec.plant(), routing, spec.quantity() == null ? new BigDecimal("1000") : spec.quantity(), unit, start,
                start.plusDays(5), spec.released());
        int item = 1;
        for (OperationSpec op : spec.operations()) {
            String group = confirmationGroup(spec.order(), op.operation());
            store.insertOperation(routing, String.format("%08d", item++), spec.order(), op.operation(), op.text(),
                    op.workCenter(), spec.plant(), group, spec.quantity() == null ? new BigDecimal("1000") : spec.quantity(), unit);
        }
    }

    /** A stable 10-digit confirmation number per order and operation, as SAP keeps one per operation. */
    static String confirmationGroup(String order, String operation) {
        long hash = Integer.toUnsignedLong((order + "/" + operation).hashCode());
        return String.format("%010d", hash % 10_000_000_000L);
    }
}
