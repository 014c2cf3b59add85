package io.meserp.hub.sandbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static io.meserp.hub.sandbox.SandboxFields.bad;
import static io.meserp.hub.sandbox.SandboxFields.base;
import static io.meserp.hub.sandbox.SandboxFields.nz;

/**
 * The sandbox's OData V2 services, on the paths S/4HANA serves them: production orders with operations
 * (read) and production order confirmations (create, read, query). Bodies follow SAP Gateway's JSON:
 * {@code {"d":{"results":[...]}}}, {@code __metadata}, Decimal as text, {@code /Date(ms)/}, {@code PTxxHxxMxxS}.
 * Every POST is booked as sent: the sandbox never de-duplicates, so a double booking is visible.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxODataController.ROOT)
class SandboxODataController {

    static final String ROOT = "/sandbox/erp/sap/opu/odata/sap";
    static final String CONFIRMATION_SERVICE = "API_PROD_ORDER_CONFIRMATION_2_SRV";
    static final String ORDER_SERVICE = "API_PRODUCTION_ORDER_2_SRV";
    private static final Pattern KEYED = Pattern.compile("([A-Za-z0-9_]+)\\((.*)\\)");
    private static final Pattern KEY_PART = Pattern.compile("(?:([A-Za-z0-9_]+)=)?'((?:[^']|'')*)'");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final SandboxStore store;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final SandboxFields fields = new SandboxFields("RU");

    SandboxODataController(SandboxStore store, SandboxFaults faults, SandboxProperties properties) {
        this.store = store;
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping({"/{service}", "/{service}/"})
    Map<String, Object> serviceDocument(@PathVariable String service) {
        return Map.of("d", Map.of("EntitySets", switch (service) {
            case CONFIRMATION_SERVICE -> List.of("ProdnOrdConf2", "ProdnOrdConfMatlDocItm");
            case ORDER_SERVICE -> List.of("A_ProductionOrder_2", "A_ProductionOrderOperation_2");
            default -> throw notFound("Service " + service + " is not offered by the sandbox");
        }));
    }

    @GetMapping("/{service}/{resource}")
    ResponseEntity<Object> read(@PathVariable String service, @PathVariable String resource,
            @RequestParam Map<String, String> params, HttpServletRequest request) {
        ODataQuery query = ODataQuery.parse(params);
        String base = base(request, service);
        Matcher keyed = KEYED.matcher(resource);
        if (keyed.matches()) {
            return ResponseEntity.ok(Map.of("d", entity(service, keyed.group(1), keys(keyed.group(2)), query, base)));
        }
        SandboxStore.EntitySet set = set(service, resource);
        SandboxStore.Page page = store.query(set, query, Map.of());
        return ResponseEntity.ok(collection(page, query, row -> json(set, row, query, base)));
    }

    @GetMapping("/{service}/{resource}/{navigation}")
    ResponseEntity<Object> navigate(@PathVariable String service, @PathVariable String resource,
            @PathVariable String navigation, @RequestParam Map<String, String> params, HttpServletRequest request) {
        ODataQuery query = ODataQuery.parse(params);
        if (navigation.equals("$count")) {
            SandboxStore.Page page = store.query(set(service, resource), new ODataQuery(query.filter(), null, null,
                    false, List.of(), null, false, List.of()), Map.of());
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(page.count()));
        }
        Matcher keyed = KEYED.matcher(resource);
        if (service.equals(ORDER_SERVICE) && keyed.matches() && keyed.group(1).equals("A_ProductionOrder_2")
                && navigation.equals("to_ProductionOrderOperation")) {
            String order = keys(keyed.group(2)).values().iterator().next();
            store.order(order).orElseThrow(() -> notFound("Resource not found for segment 'A_ProductionOrder_2'"));
            SandboxStore.Page page = store.query(SandboxStore.OPERATIONS, query, Map.of("manufacturing_order", order));
            String base = base(request, service);
            return ResponseEntity.ok(collection(page, query, row -> json(SandboxStore.OPERATIONS, row, query, base)));
        }
        if (service.equals(ORDER_SERVICE) && keyed.matches() && keyed.group(1).equals("A_ProductionOrder_2")
                && navigation.equals("to_ProductionOrderStatus")) {
            String order = keys(keyed.group(2)).values().iterator().next();
            Map<String, Object> row = store.order(order)
                    .orElseThrow(() -> notFound("Resource not found for segment 'A_ProductionOrder_2'"));
            List<Map<String, Object>> statuses = new ArrayList<>();
            statuses.add(status(order, Boolean.TRUE.equals(row.get("is_released")) ? "I0002" : "I0001", false,
                    Boolean.TRUE.equals(row.get("is_released")) ? "REL" : "CRTD",
                    Boolean.TRUE.equals(row.get("is_released")) ? "Released" : "Created"));
            store.userStatuses(order).forEach(u -> statuses.add(status(order, (String) u.get("status_code"), true,
                    (String) u.get("status_short_name"), (String) u.get("status_name"))));
            return ResponseEntity.ok(Map.of("d", Map.of("results", statuses)));
        }
        throw notFound("Navigation " + navigation + " of " + resource + " is not offered by the sandbox");
    }

    @PostMapping("/{service}/{resource}")
    DeferredResult<ResponseEntity<Object>> create(@PathVariable String service, @PathVariable String resource,
            @RequestBody JsonNode body, HttpServletRequest request) {
        if (!service.equals(CONFIRMATION_SERVICE) || !resource.equals("ProdnOrdConf2")) {
            throw new ODataErrors.ODataException(HttpStatus.METHOD_NOT_ALLOWED, "/IWBEP/CM_MGW_RT/021",
                    "Creating " + resource + " in " + service + " is not supported by the sandbox");
        }
        if (faults.get().shortDumpOrders().contains(body.path("OrderID").asText())) {
            throw new ODataErrors.ODataException(HttpStatus.INTERNAL_SERVER_ERROR, "/IWBEP/CM_MGW_RT/004",
                    "Runtime error CONVT_NO_NUMBER in the backend for order " + body.path("OrderID").asText()
                            + " (sandbox short dump)");
        }
        Map<String, Object> booked = bookConfirmation(body);
        Object entity = Map.of("d", json(SandboxStore.CONFIRMATIONS, booked, ODataQuery.parse(Map.of()), base(request, service)));
        return faults.answer(ResponseEntity.status(HttpStatus.CREATED).body(entity), properties.hangTimeout());
    }

    @ExceptionHandler(ODataErrors.ODataException.class)
    ResponseEntity<Object> odataError(ODataErrors.ODataException e, HttpServletRequest request) {
        return ODataErrors.response(e.status, e.code, e.getMessage(), serviceOf(request));
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(Exception e, HttpServletRequest request) {
        return ODataErrors.response(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                "The request body is not valid JSON", serviceOf(request));
    }

    /** Checks and books a confirmation given with its OData property names (also used by the SOAP variant). */
    Map<String, Object> bookConfirmation(JsonNode body) {
        return store.book(confirmationValues(body));
    }

    private Map<String, Object> confirmationValues(JsonNode body) {
        String order = fields.text(body, "OrderID", 12, true);
        Map<String, Object> orderRow = store.order(order).orElseThrow(() -> bad("RU/101", "Order " + order + " does not exist"));
        if (!Boolean.TRUE.equals(orderRow.get("is_released"))) {
            throw bad("RU/102", "Order " + order + " is not released; confirmation is not possible");
        }
        String operation = fields.text(body, "OrderOperation", 4, true);
        Map<String, Object> op = store.operation(order, operation)
                .orElseThrow(() -> bad("RU/103", "Operation " + operation + " does not exist in order " + order));
        String plant = fields.text(body, "Plant", 4, false);
        if (plant != null && !plant.equals(op.get("plant"))) {
            throw bad("RU/104", "Plant " + plant + " differs from the plant " + op.get("plant") + " of order " + order);
        }
        String iso = fields.text(body, "ConfirmationUnitISOCode", 3, false);
        String sapUnit = fields.text(body, "ConfirmationUnit", 3, false);
        SandboxUnits.Unit unit = SandboxUnits.resolve(sapUnit, iso)
                .orElseThrow(() -> bad("RU/105", "Unit of measure " + (iso != null ? iso : sapUnit) + " is not defined"));
        String external = fields.text(body, "ExternalSystemConfirmation", 36, false);
        if (external != null && !GUID.matcher(external).matches()) {
            throw bad("RU/106", "ExternalSystemConfirmation '" + external + "' is not a GUID");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("confirmation_group", op.get("confirmation_group"));
        v.put("order_id", order);
        v.put("sequence_no", op.get("sequence_no"));
        v.put("operation", operation);
        v.put("operation_internal_id", op.get("routing_item"));
        v.put("plant", op.get("plant"));
        v.put("work_center", Optional.ofNullable(fields.text(body, "WorkCenter", 8, false)).orElse((String) op.get("work_center")));
        v.put("material", orderRow.get("material"));
        v.put("confirmation_text", fields.text(body, "ConfirmationText", 40, false));
        v.put("is_final", body.path("IsFinalConfirmation").asBoolean(false));
        v.put("posting_date", Optional.ofNullable(fields.date(body, "PostingDate")).orElse(LocalDate.now()));
        v.put("exec_start_date", fields.date(body, "ConfirmedExecutionStartDate"));
        v.put("exec_start_time", fields.time(body, "ConfirmedExecutionStartTime"));
        v.put("exec_end_date", fields.date(body, "ConfirmedExecutionEndDate"));
        v.put("exec_end_time", fields.time(body, "ConfirmedExecutionEndTime"));
        v.put("unit", unit.sap());
        v.put("unit_iso", unit.iso());
        v.put("yield_qty", fields.quantity(body, "ConfirmationYieldQuantity"));
        v.put("scrap_qty", fields.quantity(body, "ConfirmationScrapQuantity"));
        v.put("rework_qty", fields.quantity(body, "ConfirmationReworkQuantity"));
        v.put("variance_reason", fields.text(body, "VarianceReasonCode", 4, false));
        v.put("personnel", fields.text(body, "Personnel", 8, false));
        v.put("external_id", external == null ? null : external.toLowerCase());
        v.put("entered_by_user", properties.user().length() > 12 ? properties.user().substring(0, 12) : properties.user());
        return v;
    }

    private Map<String, Object> entity(String service, String set, Map<String, String> keys, ODataQuery query, String base) {
        if (service.equals(CONFIRMATION_SERVICE) && set.equals("ProdnOrdConf2")) {
            Map<String, Object> row = store.confirmation(keys.get("ConfirmationGroup"), keys.get("ConfirmationCount"))
                    .orElseThrow(() -> notFound("Resource not found for segment 'ProdnOrdConf2'"));
            return json(SandboxStore.CONFIRMATIONS, row, query, base);
        }
        if (service.equals(ORDER_SERVICE) && set.equals("A_ProductionOrder_2")) {
            String order = keys.getOrDefault("ManufacturingOrder", keys.get(""));
            Map<String, Object> row = store.order(order)
                    .orElseThrow(() -> notFound("Resource not found for segment 'A_ProductionOrder_2'"));
            return json(SandboxStore.ORDERS, row, query, base);
        }
        throw notFound("Entity set " + set + " of " + service + " is not offered by the sandbox");
    }

    private SandboxStore.EntitySet set(String service, String resource) {
        if (service.equals(CONFIRMATION_SERVICE) && resource.equals("ProdnOrdConf2")) {
            return SandboxStore.CONFIRMATIONS;
        }
        if (service.equals(ORDER_SERVICE) && resource.equals("A_ProductionOrder_2")) {
            return SandboxStore.ORDERS;
        }
        if (service.equals(ORDER_SERVICE) && resource.equals("A_ProductionOrderOperation_2")) {
            return SandboxStore.OPERATIONS;
        }
        throw notFound("Resource not found for segment '" + resource + "' of service " + service);
    }

    Map<String, Object> json(SandboxStore.EntitySet set, Map<String, Object> row, ODataQuery query, String base) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (set == SandboxStore.CONFIRMATIONS) {
            String key = "ProdnOrdConf2(ConfirmationGroup='" + row.get("confirmation_group") + "',ConfirmationCount='"
                    + row.get("confirmation_count") + "')";
            e.put("__metadata", metadata(base + "/" + key, CONFIRMATION_SERVICE + ".ProdnOrdConf2Type"));
            e.put("ConfirmationGroup", row.get("confirmation_group"));
            e.put("ConfirmationCount", row.get("confirmation_count"));
            e.put("OrderID", row.get("order_id"));
            e.put("Sequence", row.get("sequence_no"));
            e.put("OrderOperation", row.get("operation"));
            e.put("OrderOperationInternalID", row.get("operation_internal_id"));
            e.put("Plant", row.get("plant"));
            e.put("WorkCenter", row.get("work_center"));
            e.put("Material", row.get("material"));
            e.put("ConfirmationText", nz(row.get("confirmation_text")));
            e.put("IsFinalConfirmation", row.get("is_final"));
            e.put("FinalConfirmationType", Boolean.TRUE.equals(row.get("is_final")) ? "1" : "");
            e.put("IsReversed", false);
            e.put("IsReversal", false);
            e.put("PostingDate", SandboxJson.date(row.get("posting_date")));
            e.put("ConfirmedExecutionStartDate", SandboxJson.date(row.get("exec_start_date")));
            e.put("ConfirmedExecutionStartTime", SandboxJson.time(row.get("exec_start_time")));
            e.put("ConfirmedExecutionEndDate", SandboxJson.date(row.get("exec_end_date")));
            e.put("ConfirmedExecutionEndTime", SandboxJson.time(row.get("exec_end_time")));
            e.put("ConfirmationUnit", row.get("unit"));
            e.put("ConfirmationUnitISOCode", row.get("unit_iso"));
            e.put("ConfirmationYieldQuantity", SandboxJson.decimal(row.get("yield_qty")));
            e.put("ConfirmationScrapQuantity", SandboxJson.decimal(row.get("scrap_qty")));
            e.put("ConfirmationReworkQuantity", SandboxJson.decimal(row.get("rework_qty")));
            e.put("VarianceReasonCode", nz(row.get("variance_reason")));
            e.put("Personnel", nz(row.get("personnel")));
            e.put("EnteredByUser", row.get("entered_by_user"));
            e.put("ExternalSystemConfirmation", row.get("external_id"));
            e.put("to_ProdnOrdConfMatlDocItm", deferred(base + "/" + key + "/to_ProdnOrdConfMatlDocItm"));
        } else if (set == SandboxStore.ORDERS) {
            String order = (String) row.get("manufacturing_order");
            String key = "A_ProductionOrder_2('" + order + "')";
            e.put("__metadata", metadata(base + "/" + key, ORDER_SERVICE + ".A_ProductionOrder_2Type"));
            e.put("ManufacturingOrder", order);
            e.put("ManufacturingOrderType", row.get("order_type"));
            e.put("OrderIsCreated", "X");
            e.put("OrderIsReleased", Boolean.TRUE.equals(row.get("is_released")) ? "X" : "");
            e.put("Material", row.get("material"));
            e.put("ProductionPlant", row.get("production_plant"));
            e.put("Plant", row.get("production_plant"));
            e.put("StorageLocation", row.get("storage_location"));
            e.put("OrderInternalBillOfOperations", row.get("routing"));
            e.put("MfgOrderPlannedStartDate", SandboxJson.date(row.get("planned_start")));
            e.put("MfgOrderPlannedStartTime", SandboxJson.time(row.get("planned_start")));
            e.put("MfgOrderPlannedEndDate", SandboxJson.date(row.get("planned_end")));
            e.put("MfgOrderPlannedEndTime", SandboxJson.time(row.get("planned_end")));
            e.put("ProductionUnit", row.get("production_unit"));
            e.put("ProductionUnitISOCode", SandboxUnits.resolve((String) row.get("production_unit"), null)
                    .map(SandboxUnits.Unit::iso).orElse(""));
            e.put("TotalQuantity", SandboxJson.decimal(row.get("total_quantity")));
            e.put("LastChangeDateTime", row.get("last_change"));
            if (query.expand().contains("to_ProductionOrderComponent")) {
                e.put("to_ProductionOrderComponent", Map.of("results", store.components(order).stream()
                        .map(c -> component(c, base)).toList()));
            } else {
                e.put("to_ProductionOrderComponent", deferred(base + "/" + key + "/to_ProductionOrderComponent"));
            }
            if (query.expand().contains("to_ProductionOrderOperation")) {
                List<Object> ops = new ArrayList<>();
                store.operations(order).forEach(op -> ops.add(json(SandboxStore.OPERATIONS, op, ODataQuery.parse(Map.of()), base)));
                e.put("to_ProductionOrderOperation", Map.of("results", ops));
            } else {
                e.put("to_ProductionOrderOperation", deferred(base + "/" + key + "/to_ProductionOrderOperation"));
            }
        } else {
            String key = "A_ProductionOrderOperation_2(OrderInternalBillOfOperations='" + row.get("routing")
                    + "',OrderIntBillOfOperationsItem='" + row.get("routing_item") + "')";
            e.put("__metadata", metadata(base + "/" + key, ORDER_SERVICE + ".A_ProductionOrderOperation_2Type"));
            e.put("OrderInternalBillOfOperations", row.get("routing"));
            e.put("OrderIntBillOfOperationsItem", row.get("routing_item"));
            e.put("ManufacturingOrder", row.get("manufacturing_order"));
            e.put("ManufacturingOrderSequence", row.get("sequence_no"));
            e.put("ManufacturingOrderOperation", row.get("operation"));
            e.put("MfgOrderOperationText", nz(row.get("operation_text")));
            e.put("ProductionPlant", row.get("plant"));
            e.put("WorkCenter", row.get("work_center"));
            e.put("OperationIsReleased", "X");
            e.put("OperationUnit", row.get("operation_unit"));
            e.put("OpPlannedTotalQuantity", SandboxJson.decimal(row.get("planned_quantity")));
        }
        if (!query.select().isEmpty()) {
            e.keySet().removeIf(k -> !k.equals("__metadata") && !query.select().contains(k));
        }
        return e;
    }

    private static Map<String, Object> status(String order, String code, boolean user, String shortName, String name) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ManufacturingOrder", order);
        e.put("StatusCode", code);
        e.put("IsUserStatus", user);
        e.put("StatusShortName", shortName);
        e.put("StatusName", name);
        return e;
    }

    private static Map<String, Object> component(Map<String, Object> row, String base) {
        Map<String, Object> e = new LinkedHashMap<>();
        String key = "A_ProductionOrderComponent_2(Reservation='" + row.get("reservation") + "',ReservationItem='"
                + row.get("reservation_item") + "')";
        e.put("__metadata", metadata(base + "/" + key, ORDER_SERVICE + ".A_ProductionOrderComponent_2Type"));
        e.put("Reservation", row.get("reservation"));
        e.put("ReservationItem", row.get("reservation_item"));
        e.put("ManufacturingOrder", row.get("manufacturing_order"));
        e.put("ManufacturingOrderOperation", nz(row.get("operation")));
        e.put("Material", row.get("material"));
        e.put("Plant", row.get("plant"));
        e.put("StorageLocation", nz(row.get("storage_location")));
        e.put("Batch", nz(row.get("batch")));
        e.put("GoodsMovementType", "261");
        e.put("BaseUnit", row.get("base_unit"));
        e.put("BaseUnitISOCode", SandboxUnits.resolve((String) row.get("base_unit"), null).map(SandboxUnits.Unit::iso).orElse(""));
        e.put("RequiredQuantity", SandboxJson.decimal(row.get("required_quantity")));
        e.put("WithdrawnQuantity", SandboxJson.decimal(row.get("withdrawn_quantity")));
        e.put("ReservationIsFinallyIssued", false);
        return e;
    }

    private static Map<String, Object> collection(SandboxStore.Page page, ODataQuery query,
            java.util.function.Function<Map<String, Object>, Map<String, Object>> toJson) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("results", page.rows().stream().map(toJson).toList());
        if (query.inlineCount()) {
            d.put("__count", Long.toString(page.count()));
        }
        return Map.of("d", d);
    }

    private static Map<String, Object> metadata(String uri, String type) {
        return Map.of("id", uri, "uri", uri, "type", type);
    }

    private static Map<String, Object> deferred(String uri) {
        return Map.of("__deferred", Map.of("uri", uri));
    }

    private static Map<String, String> keys(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher m = KEY_PART.matcher(text);
        while (m.find()) {
            keys.put(m.group(1) == null ? "" : m.group(1), m.group(2).replace("''", "'"));
        }
        return keys;
    }

    static String serviceOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        int at = path.indexOf(ROOT);
        if (at < 0) {
            return "SANDBOX";
        }
        String rest = path.substring(at + ROOT.length() + 1);
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    }

    private static ODataErrors.ODataException notFound(String message) {
        return new ODataErrors.ODataException(HttpStatus.NOT_FOUND, "/IWBEP/CM_MGW_RT/020", message);
    }
}
