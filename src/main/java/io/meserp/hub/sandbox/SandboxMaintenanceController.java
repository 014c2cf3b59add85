package io.meserp.hub.sandbox;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
import org.springframework.web.context.request.async.DeferredResult;

import static io.meserp.hub.sandbox.SandboxFields.bad;
import static io.meserp.hub.sandbox.SandboxFields.base;
import static io.meserp.hub.sandbox.SandboxFields.nz;

/**
 * The sandbox's {@code API_MAINTNOTIFICATION}: maintenance notifications (create, read, query). A notification
 * needs a text, a type (M1, M2, M3), a technical object and a planning plant the ERP knows. Every POST is
 * booked as sent: no de-duplication.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxODataController.ROOT + "/" + SandboxMaintenanceController.SERVICE)
class SandboxMaintenanceController {

    static final String SERVICE = "API_MAINTNOTIFICATION";
    private static final Set<String> TYPES = Set.of("M1", "M2", "M3");

    private final SandboxStore store;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final SandboxFields fields = new SandboxFields("IW");

    SandboxMaintenanceController(SandboxStore store, SandboxFaults faults, SandboxProperties properties) {
        this.store = store;
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping({"", "/"})
    Map<String, Object> service() {
        return Map.of("d", Map.of("EntitySets", List.of("MaintenanceNotification")));
    }

    @GetMapping("/MaintenanceNotification")
    Map<String, Object> query(@RequestParam Map<String, String> params, HttpServletRequest request) {
        ODataQuery query = ODataQuery.parse(params);
        SandboxStore.Page page = store.query(SandboxStore.MAINT_NOTIFICATIONS, query, Map.of());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("results", page.rows().stream().map(r -> json(r, query, base(request, SERVICE))).toList());
        if (query.inlineCount()) {
            d.put("__count", Long.toString(page.count()));
        }
        return Map.of("d", d);
    }

    @GetMapping("/MaintenanceNotification/$count")
    ResponseEntity<String> count(@RequestParam Map<String, String> params) {
        ODataQuery query = ODataQuery.parse(params);
        long count = store.query(SandboxStore.MAINT_NOTIFICATIONS, new ODataQuery(query.filter(), null, null, false,
                List.of(), null, false, List.of()), Map.of()).count();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(count));
    }

    @PostMapping("/MaintenanceNotification")
    DeferredResult<ResponseEntity<Object>> create(@RequestBody JsonNode body, HttpServletRequest request) {
        String type = fields.text(body, "NotificationType", 2, true);
        if (!TYPES.contains(type)) {
            throw bad("IW/020", "Notification type " + type + " is not defined (M1, M2, M3)");
        }
        String plant = fields.text(body, "MaintenancePlanningPlant", 4, true);
        if (!store.plantExists(plant)) {
            throw bad("IW/021", "Maintenance planning plant " + plant + " does not exist");
        }
        String priority = fields.text(body, "MaintPriority", 1, false);
        if (priority != null && !priority.matches("[1-4]")) {
            throw bad("IW/022", "Priority " + priority + " is not defined (1 to 4)");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("notification_text", fields.text(body, "NotificationText", 40, true));
        row.put("notification_type", type);
        row.put("priority", priority);
        row.put("technical_object", fields.text(body, "TechnicalObject", 40, true));
        row.put("planning_plant", plant);
        row.put("work_center", fields.text(body, "MainWorkCenter", 8, false));
        row.put("malfunction_start", at(fields.date(body, "MalfunctionStartDate"), fields.time(body, "MalfunctionStartTime")));
        row.put("malfunction_end", at(fields.date(body, "MalfunctionEndDate"), fields.time(body, "MalfunctionEndTime")));
        row.put("object_is_down", body.path("MaintenanceObjectIsDown").asBoolean(false));
        row.put("downtime_duration", body.hasNonNull("MaintObjectDowntimeDuration") ? body.path("MaintObjectDowntimeDuration").asDouble() : null);
        row.put("downtime_unit", fields.text(body, "MaintObjDowntimeDurationUnit", 3, false));
        row.put("code_group", fields.text(body, "MaintNotificationCodeGroup", 8, false));
        row.put("code", fields.text(body, "MaintNotificationCode", 4, false));
        row.put("ext_reference", fields.text(body, "MaintNotifExtReferenceNumber", 20, false));
        row.put("reported_by", properties.user().length() > 12 ? properties.user().substring(0, 12) : properties.user());
        row.put("created_at", LocalDateTime.now());
        synchronized (store) {
            row.put("notification", store.nextNotification());
            store.insert("sbx_maint_notification", row);
        }
        Object entity = Map.of("d", json(store.notification((String) row.get("notification")).orElseThrow(),
                ODataQuery.parse(Map.of()), base(request, SERVICE)));
        return faults.answer(ResponseEntity.status(HttpStatus.CREATED).body(entity), properties.hangTimeout());
    }

    @ExceptionHandler(ODataErrors.ODataException.class)
    ResponseEntity<Object> odataError(ODataErrors.ODataException e) {
        return ODataErrors.response(e.status, e.code, e.getMessage(), SERVICE);
    }

    private static Map<String, Object> json(Map<String, Object> row, ODataQuery query, String base) {
        Map<String, Object> e = new LinkedHashMap<>();
        String key = "MaintenanceNotification('" + row.get("notification") + "')";
        e.put("__metadata", Map.of("id", base + "/" + key, "uri", base + "/" + key,
                "type", "cds_api_maintnotification.MaintenanceNotificationType"));
        e.put("MaintenanceNotification", row.get("notification"));
        e.put("NotificationText", row.get("notification_text"));
        e.put("NotificationType", row.get("notification_type"));
        e.put("MaintPriority", nz(row.get("priority")));
        e.put("TechnicalObject", row.get("technical_object"));
        e.put("MaintenancePlanningPlant", row.get("planning_plant"));
        e.put("MainWorkCenter", nz(row.get("work_center")));
        e.put("MalfunctionStartDate", SandboxJson.date(row.get("malfunction_start")));
        e.put("MalfunctionStartTime", SandboxJson.time(row.get("malfunction_start")));
        e.put("MalfunctionEndDate", SandboxJson.date(row.get("malfunction_end")));
        e.put("MalfunctionEndTime", SandboxJson.time(row.get("malfunction_end")));
        e.put("MaintenanceObjectIsDown", row.get("object_is_down"));
        e.put("MaintObjectDowntimeDuration", row.get("downtime_duration"));
        e.put("MaintObjDowntimeDurationUnit", nz(row.get("downtime_unit")));
        e.put("MaintNotificationCodeGroup", nz(row.get("code_group")));
        e.put("MaintNotificationCode", nz(row.get("code")));
        e.put("MaintNotifExtReferenceNumber", nz(row.get("ext_reference")));
        e.put("ReportedByUser", row.get("reported_by"));
        if (!query.select().isEmpty()) {
            e.keySet().removeIf(k -> !k.equals("__metadata") && !query.select().contains(k));
        }
        return e;
    }

    private static LocalDateTime at(LocalDate date, LocalTime time) {
        return date == null ? null : date.atTime(time == null ? LocalTime.MIDNIGHT : time);
    }
}
