package io.meserp.hub.erp.connector;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The S/4 connector's mapping of an {@code A_ProductionOrder_2} entity (with operations and components expanded) to the
 * canonical production-order/v1 data (without {@code hubPlant}, which the release workflow fills in).
 */
final class S4Orders {

    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)(?:[+-]\\d{4})?\\)/");
    private static final Pattern TIME = Pattern.compile("PT(\\d{1,2})H(\\d{1,2})M(\\d{1,2})S");

    private static final java.time.format.DateTimeFormatter RFC_3339 =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private S4Orders() {
    }

    static ObjectNode canonical(JsonNode o, ZoneId erpZone, ObjectMapper mapper) {
        ObjectNode order = mapper.createObjectNode();
        order.put("order", o.path("ManufacturingOrder").asText());
        order.put("plant", o.path("ProductionPlant").asText());
        putText(order, "orderType", o.path("ManufacturingOrderType").asText());
        order.put("material", o.path("Material").asText());
        order.put("quantity", decimal(o.path("TotalQuantity")));
        order.put("unit", iso(o.path("ProductionUnit").asText(), o.path("ProductionUnitISOCode").asText()));
        putTime(order, "plannedStart", time(o.path("MfgOrderPlannedStartDate").asText(), o.path("MfgOrderPlannedStartTime").asText(), erpZone));
        putTime(order, "plannedEnd", time(o.path("MfgOrderPlannedEndDate").asText(), o.path("MfgOrderPlannedEndTime").asText(), erpZone));
        order.put("changeStamp", o.path("LastChangeDateTime").asText());
        ArrayNode operations = order.putArray("operations");
        for (JsonNode op : o.path("to_ProductionOrderOperation").path("results")) {
            ObjectNode operation = operations.addObject();
            operation.put("operation", op.path("ManufacturingOrderOperation").asText());
            operation.put("workCenter", op.path("WorkCenter").asText());
            putText(operation, "text", op.path("MfgOrderOperationText").asText());
            operation.put("quantity", decimal(op.path("OpPlannedTotalQuantity")));
            putText(operation, "unit", iso(op.path("OperationUnit").asText(), null));
        }
        ArrayNode components = order.putArray("components");
        for (JsonNode c : o.path("to_ProductionOrderComponent").path("results")) {
            ObjectNode component = components.addObject();
            putText(component, "reservation", c.path("Reservation").asText());
            putText(component, "reservationItem", c.path("ReservationItem").asText());
            putText(component, "operation", c.path("ManufacturingOrderOperation").asText());
            component.put("material", c.path("Material").asText());
            putText(component, "storageLocation", c.path("StorageLocation").asText());
            putText(component, "batch", c.path("Batch").asText());
            component.put("quantity", decimal(c.path("RequiredQuantity")).subtract(decimal(c.path("WithdrawnQuantity")))
                    .max(BigDecimal.ZERO));
            component.put("unit", iso(c.path("BaseUnit").asText(), c.path("BaseUnitISOCode").asText()));
        }
        return order;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private static void putTime(ObjectNode node, String field, OffsetDateTime value) {
        if (value != null) {
            node.put(field, value.format(RFC_3339)); // OffsetDateTime.toString drops zero seconds
        }
    }

    /** SAP keeps date and time apart, in the plant's local time. */
    static OffsetDateTime time(String date, String time, ZoneId zone) {
        Matcher d = DATE.matcher(date);
        if (!d.matches()) {
            return null;
        }
        LocalTime t = LocalTime.MIDNIGHT;
        Matcher m = TIME.matcher(time);
        if (m.matches()) {
            t = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        LocalDateTime local = Instant.ofEpochMilli(Long.parseLong(d.group(1))).atOffset(ZoneOffset.UTC).toLocalDate().atTime(t);
        return local.atZone(zone).toOffsetDateTime();
    }

    private static BigDecimal decimal(JsonNode node) {
        String text = node.asText("");
        return text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
    }

    /** The ISO code when the ERP gives it, else the internal code as it is (the schema then refuses odd ones). */
    private static String iso(String internal, String isoCode) {
        return isoCode != null && !isoCode.isBlank() ? isoCode : internal;
    }

}
