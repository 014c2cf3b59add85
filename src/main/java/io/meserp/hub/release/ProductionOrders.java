package io.meserp.hub.release;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads an {@code A_ProductionOrder_2} entity (with operations and components expanded) into the payload. */
final class ProductionOrders {

    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)(?:[+-]\\d{4})?\\)/");
    private static final Pattern TIME = Pattern.compile("PT(\\d{1,2})H(\\d{1,2})M(\\d{1,2})S");

    private ProductionOrders() {
    }

    static ProductionOrder fromErp(JsonNode o, String hubPlant, ZoneId erpZone) {
        List<ProductionOrder.Operation> operations = new ArrayList<>();
        for (JsonNode op : o.path("to_ProductionOrderOperation").path("results")) {
            operations.add(new ProductionOrder.Operation(op.path("ManufacturingOrderOperation").asText(),
                    op.path("WorkCenter").asText(), blankToNull(op.path("MfgOrderOperationText").asText()),
                    decimal(op.path("OpPlannedTotalQuantity")), iso(op.path("OperationUnit").asText(), null)));
        }
        List<ProductionOrder.Component> components = new ArrayList<>();
        for (JsonNode c : o.path("to_ProductionOrderComponent").path("results")) {
            components.add(new ProductionOrder.Component(blankToNull(c.path("Reservation").asText()),
                    blankToNull(c.path("ReservationItem").asText()), blankToNull(c.path("ManufacturingOrderOperation").asText()),
                    c.path("Material").asText(), blankToNull(c.path("StorageLocation").asText()),
                    blankToNull(c.path("Batch").asText()),
                    decimal(c.path("RequiredQuantity")).subtract(decimal(c.path("WithdrawnQuantity"))).max(BigDecimal.ZERO),
                    iso(c.path("BaseUnit").asText(), c.path("BaseUnitISOCode").asText())));
        }
        return new ProductionOrder(o.path("ManufacturingOrder").asText(), o.path("ProductionPlant").asText(), hubPlant,
                blankToNull(o.path("ManufacturingOrderType").asText()), o.path("Material").asText(),
                decimal(o.path("TotalQuantity")),
                iso(o.path("ProductionUnit").asText(), o.path("ProductionUnitISOCode").asText()),
                time(o.path("MfgOrderPlannedStartDate").asText(), o.path("MfgOrderPlannedStartTime").asText(), erpZone),
                time(o.path("MfgOrderPlannedEndDate").asText(), o.path("MfgOrderPlannedEndTime").asText(), erpZone),
                o.path("LastChangeDateTime").asText(), operations, components);
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

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
