package io.meserp.hub.erp;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meserp.hub.movement.MaterialMovement;
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

    public ErpDocument create(String eventId, MaterialMovement m, ZoneId erpZone) {
        return document(odata.post(SERVICE, ENTITY_SET, body(eventId, m, erpZone)));
    }

    public Optional<ErpDocument> findByReference(String eventId) {
        JsonNode results = odata.get(SERVICE, ENTITY_SET + "?$filter=ReferenceDocument%20eq%20'" + reference(eventId)
                + "'&$select=MaterialDocumentYear,MaterialDocument&$format=json").path("d").path("results");
        return results.isArray() && !results.isEmpty() ? Optional.of(document(results.get(0))) : Optional.empty();
    }

    ObjectNode body(String eventId, MaterialMovement m, ZoneId erpZone) {
        boolean receipt = MaterialMovement.GOODS_RECEIPT.equals(m.movementType());
        LocalDate posting = m.postingTime().atZoneSameInstant(erpZone).toLocalDate();
        ObjectNode header = mapper.createObjectNode();
        header.put("GoodsMovementCode", receipt ? "02" : "03");
        header.put("PostingDate", ODataValues.date(posting));
        header.put("DocumentDate", ODataValues.date(posting));
        header.put("ReferenceDocument", reference(eventId));
        header.put("MaterialDocumentHeaderText", "MES order " + m.order());
        ObjectNode item = mapper.createObjectNode();
        item.put("Material", m.material());
        item.put("Plant", m.plant());
        if (m.storageLocation() != null) {
            item.put("StorageLocation", m.storageLocation());
        }
        if (m.batch() != null) {
            item.put("Batch", m.batch());
        }
        item.put("GoodsMovementType", m.movementType());
        item.put("ManufacturingOrder", m.order());
        if (receipt) {
            item.put("ManufacturingOrderItem", "1");
            item.put("GoodsMovementRefDocType", "F");
        }
        item.put("QuantityInEntryUnit", ODataValues.decimal(m.quantity(), 3));
        item.put("EntryUnit", units.internal(m.unit()));
        if (m.reservation() != null) {
            item.put("Reservation", m.reservation());
            if (m.reservationItem() != null) {
                item.put("ReservationItem", m.reservationItem());
            }
        }
        if (m.finalIssue() != null) {
            item.put("ReservationIsFinallyIssued", m.finalIssue());
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
