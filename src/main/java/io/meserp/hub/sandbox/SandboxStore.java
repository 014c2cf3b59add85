package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sandbox ERP's data on its own {@code sbx_*} tables. Queries are built only from a whitelist of OData
 * properties per entity set; values always go in as bind parameters.
 */
class SandboxStore {

    /** An OData property backed by a column; FLAG is SAP's 'X'/'' text flag stored as a boolean. */
    record Property(String column, Kind kind) {
    }

    enum Kind { TEXT, BOOLEAN, FLAG, DATE }

    record EntitySet(String name, String table, String defaultOrder, Map<String, Property> properties) {
    }

    record Page(List<Map<String, Object>> rows, long count) {
    }

    static final EntitySet CONFIRMATIONS = new EntitySet("ProdnOrdConf2", "sbx_confirmation",
            "created_at, confirmation_group, confirmation_count", Map.ofEntries(
                    Map.entry("ConfirmationGroup", new Property("confirmation_group", Kind.TEXT)),
                    Map.entry("ConfirmationCount", new Property("confirmation_count", Kind.TEXT)),
                    Map.entry("OrderID", new Property("order_id", Kind.TEXT)),
                    Map.entry("OrderOperation", new Property("operation", Kind.TEXT)),
                    Map.entry("Plant", new Property("plant", Kind.TEXT)),
                    Map.entry("WorkCenter", new Property("work_center", Kind.TEXT)),
                    Map.entry("Material", new Property("material", Kind.TEXT)),
                    Map.entry("Personnel", new Property("personnel", Kind.TEXT)),
                    Map.entry("IsFinalConfirmation", new Property("is_final", Kind.BOOLEAN)),
                    Map.entry("PostingDate", new Property("posting_date", Kind.DATE)),
                    Map.entry("ExternalSystemConfirmation", new Property("external_id", Kind.TEXT))));

    static final EntitySet ORDERS = new EntitySet("A_ProductionOrder_2", "sbx_production_order", "manufacturing_order",
            Map.ofEntries(
                    Map.entry("ManufacturingOrder", new Property("manufacturing_order", Kind.TEXT)),
                    Map.entry("ManufacturingOrderType", new Property("order_type", Kind.TEXT)),
                    Map.entry("Material", new Property("material", Kind.TEXT)),
                    Map.entry("ProductionPlant", new Property("production_plant", Kind.TEXT)),
                    Map.entry("Plant", new Property("production_plant", Kind.TEXT)),
                    Map.entry("OrderIsReleased", new Property("is_released", Kind.FLAG)),
                    Map.entry("LastChangeDateTime", new Property("last_change", Kind.TEXT))));

    static final EntitySet OPERATIONS = new EntitySet("A_ProductionOrderOperation_2", "sbx_order_operation",
            "manufacturing_order, operation", Map.ofEntries(
                    Map.entry("OrderInternalBillOfOperations", new Property("routing", Kind.TEXT)),
                    Map.entry("OrderIntBillOfOperationsItem", new Property("routing_item", Kind.TEXT)),
                    Map.entry("ManufacturingOrder", new Property("manufacturing_order", Kind.TEXT)),
                    Map.entry("ManufacturingOrderOperation", new Property("operation", Kind.TEXT)),
                    Map.entry("WorkCenter", new Property("work_center", Kind.TEXT)),
                    Map.entry("ProductionPlant", new Property("plant", Kind.TEXT))));

    static final EntitySet MATERIAL_DOCUMENTS = new EntitySet("A_MaterialDocumentHeader", "sbx_material_document",
            "document_year, document_number", Map.ofEntries(
                    Map.entry("MaterialDocumentYear", new Property("document_year", Kind.TEXT)),
                    Map.entry("MaterialDocument", new Property("document_number", Kind.TEXT)),
                    Map.entry("ReferenceDocument", new Property("reference_document", Kind.TEXT)),
                    Map.entry("GoodsMovementCode", new Property("goods_movement_code", Kind.TEXT)),
                    Map.entry("PostingDate", new Property("posting_date", Kind.DATE))));

    static final EntitySet MATERIAL_DOCUMENT_ITEMS = new EntitySet("A_MaterialDocumentItem", "sbx_material_document_item",
            "document_year, document_number, item", Map.ofEntries(
                    Map.entry("MaterialDocumentYear", new Property("document_year", Kind.TEXT)),
                    Map.entry("MaterialDocument", new Property("document_number", Kind.TEXT)),
                    Map.entry("ManufacturingOrder", new Property("manufacturing_order", Kind.TEXT)),
                    Map.entry("Material", new Property("material", Kind.TEXT)),
                    Map.entry("Plant", new Property("plant", Kind.TEXT)),
                    Map.entry("Batch", new Property("batch", Kind.TEXT)),
                    Map.entry("GoodsMovementType", new Property("movement_type", Kind.TEXT))));

    static final EntitySet STOCK = new EntitySet("A_MatlStkInAcctMod", "sbx_stock",
            "material, plant, storage_location, batch", Map.ofEntries(
                    Map.entry("Material", new Property("material", Kind.TEXT)),
                    Map.entry("Plant", new Property("plant", Kind.TEXT)),
                    Map.entry("StorageLocation", new Property("storage_location", Kind.TEXT)),
                    Map.entry("Batch", new Property("batch", Kind.TEXT))));

    static final EntitySet MAINT_NOTIFICATIONS = new EntitySet("MaintenanceNotification", "sbx_maint_notification",
            "notification", Map.ofEntries(
                    Map.entry("MaintenanceNotification", new Property("notification", Kind.TEXT)),
                    Map.entry("MaintNotifExtReferenceNumber", new Property("ext_reference", Kind.TEXT)),
                    Map.entry("TechnicalObject", new Property("technical_object", Kind.TEXT)),
                    Map.entry("MaintenancePlanningPlant", new Property("planning_plant", Kind.TEXT)),
                    Map.entry("NotificationType", new Property("notification_type", Kind.TEXT))));

    static final EntitySet QUALITY_NOTIFICATIONS = new EntitySet("QualityNotification", "sbx_quality_notification",
            "notification", Map.ofEntries(
                    Map.entry("QualityNotification", new Property("notification", Kind.TEXT)),
                    Map.entry("ExternalReference", new Property("ext_reference", Kind.TEXT)),
                    Map.entry("ManufacturingOrder", new Property("manufacturing_order", Kind.TEXT)),
                    Map.entry("Plant", new Property("plant", Kind.TEXT))));

    private final JdbcTemplate jdbc;

    SandboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Page query(EntitySet set, ODataQuery query, Map<String, Object> fixed) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        fixed.forEach((column, value) -> {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        });
        for (ODataQuery.Condition c : query.filter()) {
            Property p = property(set, c.property());
            where.append(" AND ").append(p.column()).append(' ').append(c.sql()).append(" ?");
            args.add(bind(p, c.value()));
        }
        long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + set.table() + where, Long.class, args.toArray());
        String order = set.defaultOrder();
        if (query.orderBy() != null) {
            order = property(set, query.orderBy()).column() + (query.descending() ? " DESC" : "");
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(set.table()).append(where)
                .append(" ORDER BY ").append(order);
        List<Object> pageArgs = new ArrayList<>(args);
        sql.append(" LIMIT ? OFFSET ?");
        pageArgs.add(query.top() == null ? Integer.MAX_VALUE : query.top());
        pageArgs.add(query.skip() == null ? 0 : query.skip());
        return new Page(jdbc.queryForList(sql.toString(), pageArgs.toArray()), count);
    }

    Optional<Map<String, Object>> order(String order) {
        return jdbc.queryForList("SELECT * FROM sbx_production_order WHERE manufacturing_order = ?", order).stream().findFirst();
    }

    List<Map<String, Object>> operations(String order) {
        return jdbc.queryForList("SELECT * FROM sbx_order_operation WHERE manufacturing_order = ? ORDER BY operation", order);
    }

    List<Map<String, Object>> components(String order) {
        return jdbc.queryForList("SELECT * FROM sbx_order_component WHERE manufacturing_order = ?"
                + " ORDER BY reservation, reservation_item", order);
    }

    void insertComponent(Map<String, Object> row) {
        insert("sbx_order_component", row);
    }

    /** Changes an order's quantity and dates, or its release, and stamps it as changed (LastChangeDateTime). */
    void changeOrder(String order, BigDecimal quantity, LocalDateTime start, LocalDateTime end, Boolean released) {
        jdbc.update("UPDATE sbx_production_order SET total_quantity = COALESCE(?, total_quantity),"
                + " planned_start = COALESCE(?, planned_start), planned_end = COALESCE(?, planned_end),"
                + " is_released = COALESCE(?, is_released), last_change = ? WHERE manufacturing_order = ?",
                quantity, start, end, released, changeStamp(), order);
    }

    /** A change stamp later than every one given before, as SAP's LastChangeDateTime (yyyyMMddHHmmss). */
    synchronized String changeStamp() {
        String now = LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        String last = jdbc.queryForObject("SELECT MAX(last_change) FROM sbx_production_order", String.class);
        if (last != null && last.compareTo(now) >= 0) {
            return LocalDateTime.parse(last, java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).plusSeconds(1)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        }
        return now;
    }

    /** Sets the unrestricted stock of one material, plant, storage location and batch. */
    void setStock(String material, String plant, String storageLocation, String batch, BigDecimal quantity, String unit) {
        if (jdbc.update("UPDATE sbx_stock SET quantity = ?, base_unit = ? WHERE material = ? AND plant = ?"
                + " AND storage_location = ? AND batch = ?", quantity, unit, material, plant, storageLocation, batch) == 0) {
            jdbc.update("INSERT INTO sbx_stock (material, plant, storage_location, batch, quantity, base_unit)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", material, plant, storageLocation, batch, quantity, unit);
        }
    }

    Optional<Map<String, Object>> operation(String order, String operation) {
        return jdbc.queryForList("SELECT * FROM sbx_order_operation WHERE manufacturing_order = ? AND operation = ?",
                order, operation).stream().findFirst();
    }

    Optional<Map<String, Object>> confirmation(String group, String count) {
        return jdbc.queryForList("SELECT * FROM sbx_confirmation WHERE confirmation_group = ? AND confirmation_count = ?",
                group, count).stream().findFirst();
    }

    /** Books a confirmation under the next counter of its operation's confirmation group. */
    synchronized Map<String, Object> book(Map<String, Object> values) {
        String group = (String) values.get("confirmation_group");
        Integer last = jdbc.queryForObject("SELECT MAX(CAST(confirmation_count AS INTEGER)) FROM sbx_confirmation"
                + " WHERE confirmation_group = ?", Integer.class, group);
        String count = String.format("%08d", last == null ? 1 : last + 1);
        Map<String, Object> row = new LinkedHashMap<>(values);
        row.put("confirmation_count", count);
        row.put("created_at", LocalDateTime.now());
        insert("sbx_confirmation", row);
        return confirmation(group, count).orElseThrow();
    }

    /** Unrestricted-use stock of one material, plant, storage location and batch, or null when there is none. */
    Map<String, Object> stock(String material, String plant, String storageLocation, String batch) {
        return jdbc.queryForList("SELECT * FROM sbx_stock WHERE material = ? AND plant = ? AND storage_location = ?"
                + " AND batch = ?", material, plant, storageLocation, batch).stream().findFirst().orElse(null);
    }

    long stockCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sbx_stock", Long.class);
    }

    boolean materialKnown(String material, String plant) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sbx_stock WHERE material = ? AND plant = ?", Long.class,
                material, plant) > 0;
    }

    void moveStock(String material, String plant, String storageLocation, String batch, BigDecimal delta, String unit) {
        if (jdbc.update("UPDATE sbx_stock SET quantity = quantity + ? WHERE material = ? AND plant = ?"
                + " AND storage_location = ? AND batch = ?", delta, material, plant, storageLocation, batch) == 0) {
            jdbc.update("INSERT INTO sbx_stock (material, plant, storage_location, batch, quantity, base_unit)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", material, plant, storageLocation, batch, delta, unit);
        }
    }

    /** The next material document number of the year (49xxxxxxxx). */
    String nextMaterialDocument(String year) {
        String last = jdbc.queryForObject("SELECT MAX(document_number) FROM sbx_material_document WHERE document_year = ?",
                String.class, year);
        return last == null ? "4900000001" : Long.toString(Long.parseLong(last) + 1);
    }

    void insert(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
        jdbc.update("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", row.values().toArray());
    }

    Optional<Map<String, Object>> materialDocument(String year, String number) {
        return jdbc.queryForList("SELECT * FROM sbx_material_document WHERE document_year = ? AND document_number = ?",
                year, number).stream().findFirst();
    }

    List<Map<String, Object>> materialDocumentItems(String year, String number) {
        return jdbc.queryForList("SELECT * FROM sbx_material_document_item WHERE document_year = ? AND document_number = ?"
                + " ORDER BY item", year, number);
    }

    int deleteMaterialDocuments() {
        jdbc.update("DELETE FROM sbx_material_document_item");
        return jdbc.update("DELETE FROM sbx_material_document");
    }

    boolean plantExists(String plant) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sbx_production_order WHERE production_plant = ?", Long.class, plant) > 0;
    }

    /** The next maintenance notification number (1xxxxxxx). */
    synchronized String nextNotification() {
        String last = jdbc.queryForObject("SELECT MAX(notification) FROM sbx_maint_notification", String.class);
        return last == null ? "10000001" : Long.toString(Long.parseLong(last) + 1);
    }

    Optional<Map<String, Object>> notification(String number) {
        return jdbc.queryForList("SELECT * FROM sbx_maint_notification WHERE notification = ?", number).stream().findFirst();
    }

    int deleteNotifications() {
        return jdbc.update("DELETE FROM sbx_maint_notification");
    }

    synchronized String nextQualityNotification() {
        String last = jdbc.queryForObject("SELECT MAX(notification) FROM sbx_quality_notification", String.class);
        return last == null ? "200000001" : Long.toString(Long.parseLong(last) + 1);
    }

    Optional<Map<String, Object>> qualityNotification(String number) {
        return jdbc.queryForList("SELECT * FROM sbx_quality_notification WHERE notification = ?", number).stream().findFirst();
    }

    /** Sets a user status on an order; setting it again changes nothing. */
    void setUserStatus(String order, String code, String shortName, String name) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM sbx_order_user_status WHERE manufacturing_order = ? AND status_code = ?",
                Long.class, order, code) == 0) {
            jdbc.update("INSERT INTO sbx_order_user_status (manufacturing_order, status_code, status_short_name, status_name,"
                    + " set_at) VALUES (?, ?, ?, ?, ?)", order, code, shortName, name, LocalDateTime.now());
        }
    }

    List<Map<String, Object>> userStatuses(String order) {
        return jdbc.queryForList("SELECT * FROM sbx_order_user_status WHERE manufacturing_order = ? ORDER BY status_code", order);
    }

    int deleteQuality() {
        jdbc.update("DELETE FROM sbx_order_user_status");
        jdbc.update("DELETE FROM sbx_qms_case");
        jdbc.update("DELETE FROM sbx_qms_message");
        return jdbc.update("DELETE FROM sbx_quality_notification");
    }

    int deleteConfirmations() {
        return jdbc.update("DELETE FROM sbx_confirmation");
    }

    /** Removes one confirmation, as if it had been lost in the ERP (restored backup, deleted by hand). */
    int deleteConfirmation(String group, String count) {
        return jdbc.update("DELETE FROM sbx_confirmation WHERE confirmation_group = ? AND confirmation_count = ?", group, count);
    }

    /** Changes the yield of one confirmation, as a correction in the ERP would. */
    int changeConfirmationYield(String group, String count, java.math.BigDecimal yield) {
        return jdbc.update("UPDATE sbx_confirmation SET yield_qty = ? WHERE confirmation_group = ? AND confirmation_count = ?",
                yield, group, count);
    }

    long orderCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sbx_production_order", Long.class);
    }

    void insertOrder(String order, String type, String material, String plant, String routing, BigDecimal quantity,
            String unit, LocalDateTime start, LocalDateTime end, boolean released, String changeStamp) {
        jdbc.update("INSERT INTO sbx_production_order (manufacturing_order, order_type, material, production_plant,"
                + " storage_location, routing, total_quantity, production_unit, planned_start, planned_end, is_released,"
                + " last_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", order, type, material, plant, "0001",
                routing, quantity, unit, start, end, released, changeStamp);
    }

    void insertOperation(String routing, String item, String order, String operation, String text, String workCenter,
            String plant, String group, BigDecimal quantity, String unit) {
        jdbc.update("INSERT INTO sbx_order_operation (routing, routing_item, manufacturing_order, operation, sequence_no,"
                + " operation_text, work_center, plant, confirmation_group, planned_quantity, operation_unit)"
                + " VALUES (?, ?, ?, ?, '0', ?, ?, ?, ?, ?, ?)", routing, item, order, operation, text, workCenter,
                plant, group, quantity, unit);
    }

    private static Property property(EntitySet set, String name) {
        Property p = set.properties().get(name);
        if (p == null) {
            throw new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/022",
                    "Property " + name + " of " + set.name() + " cannot be used in $filter or $orderby in the sandbox");
        }
        return p;
    }

    private static Object bind(Property p, Object value) {
        String text = String.valueOf(value);
        return switch (p.kind()) {
            case TEXT -> text;
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.valueOf(text);
            case FLAG -> "X".equalsIgnoreCase(text);
            case DATE -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        };
    }
}
