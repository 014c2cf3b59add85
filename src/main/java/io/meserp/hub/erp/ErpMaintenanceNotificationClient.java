package io.meserp.hub.erp;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Opens maintenance notifications for breakdowns through {@code API_MAINTNOTIFICATION/MaintenanceNotification}.
 * The idempotency key is {@code MaintNotifExtReferenceNumber}: 20 characters derived from the event id.
 */
@Component
public class ErpMaintenanceNotificationClient {

    static final String SERVICE = "API_MAINTNOTIFICATION";
    static final String ENTITY_SET = "MaintenanceNotification";

    private final ODataClient odata;
    private final ObjectMapper mapper;

    public ErpMaintenanceNotificationClient(ODataClient odata, ObjectMapper mapper) {
        this.odata = odata;
        this.mapper = mapper;
    }

    public static String reference(String eventId) {
        return eventId.replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT);
    }

    /**
     * Opens a notification from the connector payload of a breakdown: the downtime event's canonical data with the
     * plant's {@code notificationType}, {@code priority} and {@code codeGroup}.
     */
    public ErpDocument create(String eventId, Payload d, ZoneId erpZone) {
        return document(odata.post(SERVICE, ENTITY_SET, body(eventId, d, erpZone)));
    }

    public Optional<ErpDocument> findByReference(String eventId) {
        JsonNode results = odata.get(SERVICE, ENTITY_SET + "?$filter=MaintNotifExtReferenceNumber%20eq%20'"
                + reference(eventId) + "'&$select=MaintenanceNotification&$format=json").path("d").path("results");
        return results.isArray() && !results.isEmpty() ? Optional.of(document(results.get(0))) : Optional.empty();
    }

    ObjectNode body(String eventId, Payload d, ZoneId erpZone) {
        ObjectNode body = mapper.createObjectNode();
        String equipment = d.text("equipment");
        String text = d.text("reasonText") == null ? "Breakdown " + equipment : equipment + ": " + d.text("reasonText");
        body.put("NotificationText", text.length() > 40 ? text.substring(0, 40) : text);
        body.put("NotificationType", d.text("notificationType"));
        body.put("MaintPriority", d.text("priority"));
        body.put("TechnicalObject", equipment);
        body.put("MaintenancePlanningPlant", d.text("plant"));
        if (d.text("workCenter") != null) {
            body.put("MainWorkCenter", d.text("workCenter"));
            body.put("MainWorkCenterPlant", d.text("plant"));
        }
        ZonedDateTime start = d.time("start").atZoneSameInstant(erpZone);
        ZonedDateTime end = d.time("end").atZoneSameInstant(erpZone);
        body.put("MalfunctionStartDate", ODataValues.date(start.toLocalDate()));
        body.put("MalfunctionStartTime", ODataValues.time(start.toLocalTime()));
        body.put("MalfunctionEndDate", ODataValues.date(end.toLocalDate()));
        body.put("MalfunctionEndTime", ODataValues.time(end.toLocalTime()));
        body.put("MaintenanceObjectIsDown", true);
        body.put("MaintObjectDowntimeDuration", d.decimal("minutes").doubleValue());
        body.put("MaintObjDowntimeDurationUnit", "MIN");
        if (d.text("codeGroup") != null) {
            body.put("MaintNotificationCodeGroup", d.text("codeGroup"));
        }
        body.put("MaintNotificationCode", d.text("reasonCode"));
        body.put("MaintNotifExtReferenceNumber", reference(eventId));
        return body;
    }

    private static ErpDocument document(JsonNode notification) {
        String number = notification.path("MaintenanceNotification").asText("");
        if (number.isEmpty()) {
            throw new ErpAmbiguousException("ERP answered without MaintenanceNotification: " + notification, null);
        }
        return new ErpDocument(number);
    }
}
