package io.meserp.hub.erp;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Books goods movements through {@code API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader} with the item
 * inline (deep insert): 261 with goods movement code 03, 101 with 02 against order item 1. The idempotency
 * key is {@code ReferenceDocument}: 16 characters derived from the event id, the most the field takes.
 */
@Component
public class ErpMaterialDocumentClient {

    static final String SERVICE = "API_MATERIAL_DOCUMENT_SRV";
    static final String ENTITY_SET = "A_MaterialDocumentHeader";
    /** The canonical movement type of a goods receipt from the order (the other is 261, a goods issue to it). */
    static final String GOODS_RECEIPT = "101";

    private final ODataClient odata;
    private final ObjectMapper mapper;
    private final ErpUnits units;

    public ErpMaterialDocumentClient(ODataClient odata, ObjectMapper mapper, ErpUnits units) {
        this.odata = odata;
        this.mapper = mapper;
        this.units = units;
    }

    /** The 16-character reference the material document carries for this event. */
    public static String reference(String eventId) {
        return eventId.replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    }

    public ErpDocument create(String eventId, Payload m, ZoneId erpZone) {
        return document(odata.post(SERVICE, ENTITY_SET, body(eventId, m, erpZone)));
    }

    public Optional<ErpDocument> findByReference(String eventId) {
        JsonNode results = odata.get(SERVICE, ENTITY_SET + "?$filter=ReferenceDocument%20eq%20'" + reference(eventId)
                + "'&$select=MaterialDocumentYear,MaterialDocument&$format=json").path("d").path("results");
        return results.isArray() && !results.isEmpty() ? Optional.of(document(results.get(0))) : Optional.empty();
    }

    ObjectNode body(String eventId, Payload m, ZoneId erpZone) {
        boolean receipt = GOODS_RECEIPT.equals(m.text("movementType"));
        LocalDate posting = m.time("postingTime").atZoneSameInstant(erpZone).toLocalDate();
        ObjectNode header = mapper.createObjectNode();
        header.put("GoodsMovementCode", receipt ? "02" : "03");
        header.put("PostingDate", ODataValues.date(posting));
        header.put("DocumentDate", ODataValues.date(posting));
        header.put("ReferenceDocument", reference(eventId));
        header.put("MaterialDocumentHeaderText", "MES order " + m.text("order"));
        ObjectNode item = mapper.createObjectNode();
        item.put("Material", m.text("material"));
        item.put("Plant", m.text("plant"));
        if (m.text("storageLocation") != null) {
            item.put("StorageLocation", m.text("storageLocation"));
        }
        if (m.text("batch") != null) {
            item.put("Batch", m.text("batch"));
        }
        item.put("GoodsMovementType", m.text("movementType"));
        item.put("ManufacturingOrder", m.text("order"));
        if (receipt) {
            item.put("ManufacturingOrderItem", "1");
            item.put("GoodsMovementRefDocType", "F");
        }
        item.put("QuantityInEntryUnit", ODataValues.decimal(m.decimal("quantity"), 3));
        item.put("EntryUnit", units.internal(m.text("unit")));
        if (m.text("reservation") != null) {
            item.put("Reservation", m.text("reservation"));
            if (m.text("reservationItem") != null) {
                item.put("ReservationItem", m.text("reservationItem"));
            }
        }
        if (m.bool("finalIssue") != null) {
            item.put("ReservationIsFinallyIssued", m.bool("finalIssue"));
        }
        header.putObject("to_MaterialDocumentItem").putArray("results").add(item);
        return header;
    }

    private static ErpDocument document(JsonNode header) {
        String number = header.path("MaterialDocument").asText("");
        String year = header.path("MaterialDocumentYear").asText("");
        if (number.isEmpty() || year.isEmpty()) {
            throw new ErpAmbiguousException("ERP answered without MaterialDocument/MaterialDocumentYear: " + header, null);
        }
        return new ErpDocument(number + "/" + year);
    }
}
