package io.meserp.hub.erp;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Books production confirmations through {@code API_PROD_ORDER_CONFIRMATION_2_SRV/ProdnOrdConf2} and finds
 * them again by {@code ExternalSystemConfirmation}, which carries the hub's event id. Times go to the ERP as
 * the plant's local date and time in the ERP's time zone, as SAP stores them.
 */
@Component
public class ErpConfirmationClient {

    static final String SERVICE = "API_PROD_ORDER_CONFIRMATION_2_SRV";
    static final String ENTITY_SET = "ProdnOrdConf2";

    private final ODataClient odata;
    private final ObjectMapper mapper;

    public ErpConfirmationClient(ODataClient odata, ObjectMapper mapper) {
        this.odata = odata;
        this.mapper = mapper;
    }

    public ErpDocument create(String eventId, Payload c, ZoneId erpZone) {
        return document(odata.post(SERVICE, ENTITY_SET, body(eventId, c, erpZone)));
    }

    /** The confirmation the ERP holds for this event id, if any. */
    public Optional<ErpDocument> findByExternalId(String eventId) {
        JsonNode results = odata.get(SERVICE, ENTITY_SET + "?$filter=ExternalSystemConfirmation%20eq%20guid'" + eventId
                + "'&$select=ConfirmationGroup,ConfirmationCount&$format=json").path("d").path("results");
        return results.isArray() && !results.isEmpty() ? Optional.of(document(results.get(0))) : Optional.empty();
    }

    ObjectNode body(String eventId, Payload c, ZoneId erpZone) {
        ObjectNode body = mapper.createObjectNode();
        body.put("OrderID", c.text("order"));
        body.put("OrderOperation", c.text("operation"));
        body.put("Plant", c.text("plant"));
        if (c.text("workCenter") != null) {
            body.put("WorkCenter", c.text("workCenter"));
        }
        body.put("ConfirmationUnitISOCode", c.text("unit"));
        body.put("ConfirmationYieldQuantity", ODataValues.decimal(c.decimalOrZero("yield"), 3));
        body.put("ConfirmationScrapQuantity", ODataValues.decimal(c.decimalOrZero("scrap"), 3));
        body.put("ConfirmationReworkQuantity", ODataValues.decimal(c.decimalOrZero("rework"), 3));
        body.put("IsFinalConfirmation", c.flag("finalConfirmation"));
        ZonedDateTime end = c.time("executionEnd").atZoneSameInstant(erpZone);
        body.put("PostingDate", ODataValues.date(end.toLocalDate()));
        if (c.time("executionStart") != null) {
            ZonedDateTime start = c.time("executionStart").atZoneSameInstant(erpZone);
            body.put("ConfirmedExecutionStartDate", ODataValues.date(start.toLocalDate()));
            body.put("ConfirmedExecutionStartTime", ODataValues.time(start.toLocalTime()));
        }
        body.put("ConfirmedExecutionEndDate", ODataValues.date(end.toLocalDate()));
        body.put("ConfirmedExecutionEndTime", ODataValues.time(end.toLocalTime()));
        if (c.text("personnel") != null) {
            body.put("Personnel", c.text("personnel"));
        }
        if (c.text("varianceReason") != null) {
            body.put("VarianceReasonCode", c.text("varianceReason"));
        }
        String mes = c.text("mesEventId");
        if (mes != null && mes.length() <= 36) {
            body.put("ConfirmationText", "MES " + mes);
        }
        body.put("ExternalSystemConfirmation", eventId);
        return body;
    }

    private static ErpDocument document(JsonNode entity) {
        String group = entity.path("ConfirmationGroup").asText("");
        String count = entity.path("ConfirmationCount").asText("");
        if (group.isEmpty() || count.isEmpty()) {
            throw new ErpAmbiguousException("ERP answered without ConfirmationGroup/ConfirmationCount: " + entity, null);
        }
        return new ErpDocument(group + "/" + count);
    }
}
