package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * The sandbox's inventory services: material documents ({@code API_MATERIAL_DOCUMENT_SRV}: create with items
 * inline, read, query) and stock ({@code API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod}, read). A goods issue moves
 * stock down, a receipt up; an issue that would drive stock negative is refused with SAP's deficit message
 * unless {@code hub.sandbox.allow-negative-stock}. Every POST is booked as sent: no de-duplication.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxODataController.ROOT)
class SandboxMaterialDocumentController {

    static final String DOCUMENT_SERVICE = "API_MATERIAL_DOCUMENT_SRV";
    static final String STOCK_SERVICE = "API_MATERIAL_STOCK_SRV";

    private final SandboxStore store;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final SandboxFields fields = new SandboxFields("M7");

    SandboxMaterialDocumentController(SandboxStore store, SandboxFaults faults, SandboxProperties properties) {
        this.store = store;
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping({"/" + DOCUMENT_SERVICE, "/" + DOCUMENT_SERVICE + "/"})
    Map<String, Object> documentService() {
        return Map.of("d", Map.of("EntitySets", List.of("A_MaterialDocumentHeader", "A_MaterialDocumentItem")));
    }

    @GetMapping({"/" + STOCK_SERVICE, "/" + STOCK_SERVICE + "/"})
    Map<String, Object> stockService() {
        return Map.of("d", Map.of("EntitySets", List.of("A_MatlStkInAcctMod")));
    }

    @GetMapping({"/" + DOCUMENT_SERVICE + "/{set}", "/" + STOCK_SERVICE + "/{set}"})
    ResponseEntity<Object> query(@PathVariable String set, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        String service = serviceOf(request);
        SandboxStore.EntitySet entitySet = set(service, set);
        ODataQuery query = ODataQuery.parse(params);
        SandboxStore.Page page = store.query(entitySet, query, Map.of());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("results", page.rows().stream().map(row -> json(entitySet, row, query, base(request, service))).toList());
        if (query.inlineCount()) {
            d.put("__count", Long.toString(page.count()));
        }
        return ResponseEntity.ok(Map.of("d", d));
    }

    @GetMapping({"/" + DOCUMENT_SERVICE + "/{set}/$count", "/" + STOCK_SERVICE + "/{set}/$count"})
    ResponseEntity<String> count(@PathVariable String set, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        String service = serviceOf(request);
        ODataQuery query = ODataQuery.parse(params);
        long count = store.query(set(service, set), new ODataQuery(query.filter(), null, null, false, List.of(), null,
                false, List.of()), Map.of()).count();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(count));
    }

    @PostMapping("/" + DOCUMENT_SERVICE + "/A_MaterialDocumentHeader")
    DeferredResult<ResponseEntity<Object>> create(@RequestBody JsonNode body, HttpServletRequest request) {
        Map<String, Object> header = book(body);
        String base = base(request, DOCUMENT_SERVICE);
        Object entity = Map.of("d", json(SandboxStore.MATERIAL_DOCUMENTS, header,
                ODataQuery.parse(Map.of("$expand", "to_MaterialDocumentItem")), base));
        return faults.answer(ResponseEntity.status(HttpStatus.CREATED).body(entity), properties.hangTimeout());
    }

    @ExceptionHandler(ODataErrors.ODataException.class)
    ResponseEntity<Object> odataError(ODataErrors.ODataException e) {
        return ODataErrors.response(e.status, e.code, e.getMessage(), DOCUMENT_SERVICE);
    }

    /** Checks every item, then moves stock and writes the document, all under one lock (also used by the SOAP variant). */
    Map<String, Object> book(JsonNode body) {
        synchronized (store) {
            String code = body.path("GoodsMovementCode").asText("");
            if (!code.equals("02") && !code.equals("03")) {
                throw bad("M7/895", "Goods movement code '" + code + "' is not supported by the sandbox (02 receipt"
                        + " from order, 03 issue to order)");
            }
            LocalDate posting = date(body, "PostingDate");
            JsonNode items = body.path("to_MaterialDocumentItem");
            items = items.has("results") ? items.path("results") : items;
            if (!items.isArray() || items.isEmpty()) {
                throw bad("M7/896", "A material document needs at least one item in to_MaterialDocumentItem");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode item : items) {
                rows.add(item(item, code));
            }
            String year = Integer.toString(posting.getYear());
            String number = store.nextMaterialDocument(year);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("document_year", year);
            header.put("document_number", number);
            header.put("goods_movement_code", code);
            header.put("posting_date", posting);
            header.put("document_date", body.hasNonNull("DocumentDate") ? date(body, "DocumentDate") : posting);
            header.put("reference_document", fields.text(body, "ReferenceDocument", 16, false));
            header.put("header_text", fields.text(body, "MaterialDocumentHeaderText", 25, false));
            header.put("created_by_user", properties.user().length() > 12 ? properties.user().substring(0, 12) : properties.user());
            header.put("created_at", LocalDateTime.now());
            store.insert("sbx_material_document", header);
            int n = 1;
            for (Map<String, Object> row : rows) {
                BigDecimal quantity = (BigDecimal) row.get("quantity");
                BigDecimal delta = "261".equals(row.get("movement_type")) ? quantity.negate() : quantity;
                store.moveStock((String) row.get("material"), (String) row.get("plant"), (String) row.get("storage_location"),
                        (String) nz(row.get("batch")), delta, (String) row.get("entry_unit"));
                row.put("document_year", year);
                row.put("document_number", number);
                row.put("item", String.format("%04d", n++));
                store.insert("sbx_material_document_item", row);
            }
            return store.materialDocument(year, number).orElseThrow();
        }
    }

    private Map<String, Object> item(JsonNode item, String code) {
        String type = fields.text(item, "GoodsMovementType", 3, true);
        if (!(type.equals("261") && code.equals("03")) && !(type.equals("101") && code.equals("02"))) {
            throw bad("M7/897", "Movement type " + type + " with goods movement code " + code + " is not supported by"
                    + " the sandbox (261 with 03, 101 with 02)");
        }
        String order = fields.text(item, "ManufacturingOrder", 12, true);
        Map<String, Object> orderRow = store.order(order).orElseThrow(() -> bad("M7/101", "Order " + order + " does not exist"));
        if (!Boolean.TRUE.equals(orderRow.get("is_released"))) {
            throw bad("M7/102", "Order " + order + " is not released; goods movements are not possible");
        }
        String plant = fields.text(item, "Plant", 4, true);
        if (!plant.equals(orderRow.get("production_plant"))) {
            throw bad("M7/103", "Plant " + plant + " differs from the plant " + orderRow.get("production_plant")
                    + " of order " + order);
        }
        String material = fields.text(item, "Material", 40, true);
        String storage = fields.text(item, "StorageLocation", 4, false);
        storage = storage == null ? (String) orderRow.get("storage_location") : storage;
        String batch = fields.text(item, "Batch", 10, false);
        BigDecimal quantity = quantity(item);
        String unit = fields.text(item, "EntryUnit", 3, true);
        if (SandboxUnits.resolve(unit, null).isEmpty()) {
            throw bad("M7/104", "Unit of measure " + unit + " is not defined");
        }
        if (type.equals("101")) {
            if (!material.equals(orderRow.get("material"))) {
                throw bad("M7/105", "Material " + material + " is not the material " + orderRow.get("material")
                        + " of order " + order + "; goods receipt is not possible");
            }
        } else {
            if (!store.materialKnown(material, plant)) {
                throw bad("M7/018", "Material " + material + " not maintained in plant " + plant);
            }
            Map<String, Object> stock = store.stock(material, plant, storage, batch == null ? "" : batch);
            BigDecimal available = stock == null ? BigDecimal.ZERO : (BigDecimal) stock.get("quantity");
            if (stock != null && !unit.equals(stock.get("base_unit"))) {
                throw bad("M7/106", "Unit " + unit + " cannot be converted to the base unit " + stock.get("base_unit")
                        + " of material " + material);
            }
            if (available.compareTo(quantity) < 0 && !properties.allowNegativeStock()) {
                throw bad("M7/021", "Deficit of SL Unrestricted-use " + quantity.subtract(available).setScale(3).toPlainString()
                        + " " + unit + " : " + material + " " + plant + " " + storage + (batch == null ? "" : " " + batch));
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("material", material);
        row.put("plant", plant);
        row.put("storage_location", storage);
        row.put("batch", batch);
        row.put("movement_type", type);
        row.put("manufacturing_order", order);
        row.put("order_item", type.equals("101") ? "0001" : null);
        row.put("quantity", quantity);
        row.put("entry_unit", unit);
        row.put("reservation", fields.text(item, "Reservation", 10, false));
        row.put("reservation_item", fields.text(item, "ReservationItem", 4, false));
        row.put("finally_issued", item.hasNonNull("ReservationIsFinallyIssued") ? item.path("ReservationIsFinallyIssued").asBoolean() : null);
        return row;
    }

    private Map<String, Object> json(SandboxStore.EntitySet set, Map<String, Object> row, ODataQuery query, String base) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (set == SandboxStore.MATERIAL_DOCUMENTS) {
            String key = "A_MaterialDocumentHeader(MaterialDocumentYear='" + row.get("document_year") + "',MaterialDocument='"
                    + row.get("document_number") + "')";
            e.put("__metadata", Map.of("id", base + "/" + key, "uri", base + "/" + key,
                    "type", DOCUMENT_SERVICE + ".A_MaterialDocumentHeaderType"));
            e.put("MaterialDocumentYear", row.get("document_year"));
            e.put("MaterialDocument", row.get("document_number"));
            e.put("GoodsMovementCode", row.get("goods_movement_code"));
            e.put("PostingDate", SandboxJson.date(row.get("posting_date")));
            e.put("DocumentDate", SandboxJson.date(row.get("document_date")));
            e.put("ReferenceDocument", nz(row.get("reference_document")));
            e.put("MaterialDocumentHeaderText", nz(row.get("header_text")));
            e.put("CreatedByUser", row.get("created_by_user"));
            if (query.expand().contains("to_MaterialDocumentItem")) {
                e.put("to_MaterialDocumentItem", Map.of("results", store.materialDocumentItems(
                        (String) row.get("document_year"), (String) row.get("document_number")).stream()
                        .map(i -> json(SandboxStore.MATERIAL_DOCUMENT_ITEMS, i, ODataQuery.parse(Map.of()), base)).toList()));
            } else {
                e.put("to_MaterialDocumentItem", Map.of("__deferred", Map.of("uri", base + "/" + key + "/to_MaterialDocumentItem")));
            }
        } else if (set == SandboxStore.MATERIAL_DOCUMENT_ITEMS) {
            String key = "A_MaterialDocumentItem(MaterialDocumentYear='" + row.get("document_year") + "',MaterialDocument='"
                    + row.get("document_number") + "',MaterialDocumentItem='" + row.get("item") + "')";
            e.put("__metadata", Map.of("id", base + "/" + key, "uri", base + "/" + key,
                    "type", DOCUMENT_SERVICE + ".A_MaterialDocumentItemType"));
            e.put("MaterialDocumentYear", row.get("document_year"));
            e.put("MaterialDocument", row.get("document_number"));
            e.put("MaterialDocumentItem", row.get("item"));
            e.put("Material", row.get("material"));
            e.put("Plant", row.get("plant"));
            e.put("StorageLocation", row.get("storage_location"));
            e.put("Batch", nz(row.get("batch")));
            e.put("GoodsMovementType", row.get("movement_type"));
            e.put("ManufacturingOrder", row.get("manufacturing_order"));
            e.put("ManufacturingOrderItem", nz(row.get("order_item")));
            e.put("QuantityInEntryUnit", SandboxJson.decimal(row.get("quantity")));
            e.put("EntryUnit", row.get("entry_unit"));
            e.put("Reservation", nz(row.get("reservation")));
            e.put("ReservationItem", nz(row.get("reservation_item")));
            e.put("ReservationIsFinallyIssued", Boolean.TRUE.equals(row.get("finally_issued")));
            e.put("GoodsMovementIsCancelled", false);
        } else {
            e.put("Material", row.get("material"));
            e.put("Plant", row.get("plant"));
            e.put("StorageLocation", row.get("storage_location"));
            e.put("Batch", row.get("batch"));
            e.put("Supplier", "");
            e.put("Customer", "");
            e.put("WBSElementInternalID", "");
            e.put("SDDocument", "");
            e.put("SDDocumentItem", "");
            e.put("InventorySpecialStockType", "");
            e.put("InventoryStockType", "01");
            e.put("MaterialBaseUnit", row.get("base_unit"));
            e.put("MatlWrhsStkQtyInMatlBaseUnit", ((BigDecimal) row.get("quantity")).setScale(3).toPlainString());
        }
        if (!query.select().isEmpty()) {
            e.keySet().removeIf(k -> !k.equals("__metadata") && !query.select().contains(k));
        }
        return e;
    }

    private static SandboxStore.EntitySet set(String service, String set) {
        if (service.equals(DOCUMENT_SERVICE) && set.equals("A_MaterialDocumentHeader")) {
            return SandboxStore.MATERIAL_DOCUMENTS;
        }
        if (service.equals(DOCUMENT_SERVICE) && set.equals("A_MaterialDocumentItem")) {
            return SandboxStore.MATERIAL_DOCUMENT_ITEMS;
        }
        if (service.equals(STOCK_SERVICE) && set.equals("A_MatlStkInAcctMod")) {
            return SandboxStore.STOCK;
        }
        throw new ODataErrors.ODataException(HttpStatus.NOT_FOUND, "/IWBEP/CM_MGW_RT/020",
                "Resource not found for segment '" + set + "' of service " + service);
    }

    private static String serviceOf(HttpServletRequest request) {
        return request.getRequestURI().contains("/" + STOCK_SERVICE + "/") ? STOCK_SERVICE : DOCUMENT_SERVICE;
    }

    private BigDecimal quantity(JsonNode item) {
        BigDecimal value = fields.quantity(item, "QuantityInEntryUnit");
        if (value.signum() <= 0) {
            throw bad("M7/113", "Quantity QuantityInEntryUnit must be positive");
        }
        return value;
    }

    private LocalDate date(JsonNode body, String field) {
        LocalDate date = fields.date(body, field);
        if (date == null) {
            throw bad("M7/115", "Property " + field + " is required");
        }
        return date;
    }
}
