package io.meserp.hub.sandbox;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.meserp.hub.sandbox.SandboxFields.bad;
import static io.meserp.hub.sandbox.SandboxFields.base;
import static io.meserp.hub.sandbox.SandboxFields.nz;

/**
 * The sandbox's quality side of the ERP. {@code API_QUALITYNOTIFICATION/QualityNotification} (create, query) is
 * the sandbox's own contract, since no public S/4HANA metadata for it was found (docs/sandbox.md); and the
 * function import {@code API_PRODUCTION_ORDER_2_SRV/ChangeUserStatus} sets a user status such as HOLD on an
 * order, read back through {@code A_ProductionOrder_2('…')/to_ProductionOrderStatus}.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxODataController.ROOT)
class SandboxQualityController {

    static final String SERVICE = "API_QUALITYNOTIFICATION";
    private static final Set<String> TYPES = Set.of("Q1", "Q2", "Q3");

    private final SandboxStore store;
    private final SandboxFields fields = new SandboxFields("QM");

    SandboxQualityController(SandboxStore store) {
        this.store = store;
    }

    @GetMapping({"/" + SERVICE, "/" + SERVICE + "/"})
    Map<String, Object> service() {
        return Map.of("d", Map.of("EntitySets", List.of("QualityNotification")));
    }

    @GetMapping("/" + SERVICE + "/QualityNotification")
    Map<String, Object> query(@RequestParam Map<String, String> params, HttpServletRequest request) {
        ODataQuery query = ODataQuery.parse(params);
        SandboxStore.Page page = store.query(SandboxStore.QUALITY_NOTIFICATIONS, query, Map.of());
        return Map.of("d", Map.of("results", page.rows().stream().map(r -> json(r, base(request, SERVICE))).toList()));
    }

    @GetMapping("/" + SERVICE + "/QualityNotification/$count")
    ResponseEntity<String> count(@RequestParam Map<String, String> params) {
        ODataQuery query = ODataQuery.parse(params);
        long count = store.query(SandboxStore.QUALITY_NOTIFICATIONS, new ODataQuery(query.filter(), null, null, false,
                List.of(), null, false, List.of()), Map.of()).count();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(count));
    }

    @PostMapping("/" + SERVICE + "/QualityNotification")
    ResponseEntity<Object> create(@RequestBody JsonNode body, HttpServletRequest request) {
        String type = fields.text(body, "NotificationType", 2, true);
        if (!TYPES.contains(type)) {
            throw bad("QM/020", "Notification type " + type + " is not defined (Q1, Q2, Q3)");
        }
        String plant = fields.text(body, "Plant", 4, true);
        if (!store.plantExists(plant)) {
            throw bad("QM/021", "Plant " + plant + " does not exist");
        }
        String order = fields.text(body, "ManufacturingOrder", 12, false);
        if (order != null && store.order(order).isEmpty()) {
            throw bad("QM/022", "Order " + order + " does not exist");
        }
        String unit = fields.text(body, "DefectUnit", 3, false);
        if (unit != null && SandboxUnits.resolve(unit, null).isEmpty()) {
            throw bad("QM/023", "Unit of measure " + unit + " is not defined");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("notification_type", type);
        row.put("notification_text", fields.text(body, "NotificationText", 40, true));
        row.put("material", fields.text(body, "Material", 40, false));
        row.put("plant", plant);
        row.put("manufacturing_order", order);
        row.put("batch", fields.text(body, "Batch", 10, false));
        row.put("defect_code", fields.text(body, "DefectCode", 8, false));
        row.put("defect_quantity", body.hasNonNull("DefectQuantity") ? fields.quantity(body, "DefectQuantity") : null);
        row.put("defect_unit", unit);
        row.put("ext_reference", fields.text(body, "ExternalReference", 20, false));
        row.put("created_at", LocalDateTime.now());
        synchronized (store) {
            row.put("notification", store.nextQualityNotification());
            store.insert("sbx_quality_notification", row);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("d",
                json(store.qualityNotification((String) row.get("notification")).orElseThrow(), base(request, SERVICE))));
    }

    /** Function import: sets a user status (e.g. HOLD) on an order; parameters in the query string, as SAP's are. */
    @PostMapping("/" + SandboxODataController.ORDER_SERVICE + "/ChangeUserStatus")
    Map<String, Object> changeUserStatus(@RequestParam("ManufacturingOrder") String order,
            @RequestParam("StatusShortName") String shortName) {
        String number = order.replace("'", "");
        String status = shortName.replace("'", "");
        store.order(number).orElseThrow(() -> bad("CO/016", "Order " + number + " does not exist"));
        if (!status.matches("[A-Z0-9]{1,4}")) {
            throw bad("BS/001", "User status " + status + " is not defined");
        }
        store.setUserStatus(number, "E" + String.format("%04d", Math.abs(status.hashCode()) % 10000), status,
                status.equals("HOLD") ? "On hold (quality)" : status);
        return Map.of("d", Map.of("ChangeUserStatus", Map.of("SystemMessageType", "S", "SystemMessageIdentification", "BS",
                "SystemMessageNumber", "002", "SystemMessageLongText", "Status " + status + " set for order " + number)));
    }

    @ExceptionHandler(ODataErrors.ODataException.class)
    ResponseEntity<Object> odataError(ODataErrors.ODataException e) {
        return ODataErrors.response(e.status, e.code, e.getMessage(), SERVICE);
    }

    private static Map<String, Object> json(Map<String, Object> row, String base) {
        Map<String, Object> e = new LinkedHashMap<>();
        String key = "QualityNotification('" + row.get("notification") + "')";
        e.put("__metadata", Map.of("id", base + "/" + key, "uri", base + "/" + key, "type", SERVICE + ".QualityNotificationType"));
        e.put("QualityNotification", row.get("notification"));
        e.put("NotificationType", row.get("notification_type"));
        e.put("NotificationText", row.get("notification_text"));
        e.put("Material", nz(row.get("material")));
        e.put("Plant", row.get("plant"));
        e.put("ManufacturingOrder", nz(row.get("manufacturing_order")));
        e.put("Batch", nz(row.get("batch")));
        e.put("DefectCode", nz(row.get("defect_code")));
        e.put("DefectQuantity", row.get("defect_quantity") == null ? null : SandboxJson.decimal(row.get("defect_quantity")));
        e.put("DefectUnit", nz(row.get("defect_unit")));
        e.put("ExternalReference", nz(row.get("ext_reference")));
        return e;
    }
}
