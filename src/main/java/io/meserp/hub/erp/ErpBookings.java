package io.meserp.hub.erp;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/**
 * What the ERP has booked for a production order, read from the ERP itself (never from the hub's ledger), for
 * reconciliation: the order's confirmations and the material document items that name it.
 */
@Component
public class ErpBookings {

    private static final int PAGE = 1000;

    private final ODataClient odata;

    public ErpBookings(ODataClient odata) {
        this.odata = odata;
    }

    /** One confirmation as the ERP holds it; {@code externalId} is what the hub sent as ExternalSystemConfirmation. */
    public record Confirmation(String document, String externalId, String operation, BigDecimal yield, BigDecimal scrap,
            String unitIso, LocalDateTime executionEnd) {
    }

    /** One material document item for the order; the header's reference is read only when asked for. */
    public record MovementItem(String document, String material, String movementType, BigDecimal quantity,
            String entryUnit) {
    }

    /** A material document header: its reference (the hub's key) and posting date. */
    public record MovementHeader(String document, String reference, LocalDate postingDate) {
    }

    public List<Confirmation> confirmations(String order) {
        List<Confirmation> out = new ArrayList<>();
        for (JsonNode c : pages(ErpConfirmationClient.SERVICE, ErpConfirmationClient.ENTITY_SET + "?$filter=OrderID%20eq%20'"
                + order + "'&$select=ConfirmationGroup,ConfirmationCount,ExternalSystemConfirmation,OrderOperation,"
                + "ConfirmationYieldQuantity,ConfirmationScrapQuantity,ConfirmationUnitISOCode,ConfirmedExecutionEndDate,"
                + "ConfirmedExecutionEndTime")) {
            LocalDate end = ODataValues.parseDate(c.path("ConfirmedExecutionEndDate").asText(null));
            out.add(new Confirmation(c.path("ConfirmationGroup").asText() + "/" + c.path("ConfirmationCount").asText(),
                    c.path("ExternalSystemConfirmation").asText("").toLowerCase(), c.path("OrderOperation").asText(),
                    new BigDecimal(c.path("ConfirmationYieldQuantity").asText("0")),
                    new BigDecimal(c.path("ConfirmationScrapQuantity").asText("0")),
                    c.path("ConfirmationUnitISOCode").asText(),
                    end == null ? null : end.atTime(ODataValues.parseTime(c.path("ConfirmedExecutionEndTime").asText(null)))));
        }
        return out;
    }

    /** Orders of an ERP plant with confirmations posted on these days (to find bookings the hub never sent). */
    public java.util.Set<String> confirmedOrders(String erpPlant, LocalDate from, LocalDate to) {
        java.util.Set<String> orders = new java.util.TreeSet<>();
        for (JsonNode c : pages(ErpConfirmationClient.SERVICE, ErpConfirmationClient.ENTITY_SET + "?$filter=Plant%20eq%20'"
                + erpPlant + "'%20and%20PostingDate%20ge%20datetime'" + from + "T00:00:00'%20and%20PostingDate%20le%20datetime'"
                + to + "T00:00:00'&$select=OrderID")) {
            orders.add(c.path("OrderID").asText());
        }
        return orders;
    }

    public List<MovementItem> movementItems(String order) {
        List<MovementItem> out = new ArrayList<>();
        for (JsonNode i : pages(ErpMaterialDocumentClient.SERVICE, "A_MaterialDocumentItem?$filter=ManufacturingOrder%20eq%20'"
                + order + "'&$select=MaterialDocument,MaterialDocumentYear,Material,GoodsMovementType,QuantityInEntryUnit,"
                + "EntryUnit,GoodsMovementIsCancelled")) {
            if (i.path("GoodsMovementIsCancelled").asBoolean(false)) {
                continue;
            }
            out.add(new MovementItem(i.path("MaterialDocument").asText() + "/" + i.path("MaterialDocumentYear").asText(),
                    i.path("Material").asText(), i.path("GoodsMovementType").asText(),
                    new BigDecimal(i.path("QuantityInEntryUnit").asText("0")), i.path("EntryUnit").asText()));
        }
        return out;
    }

    /** The header of a material document given as {@code number/year}. */
    public Optional<MovementHeader> movementHeader(String document) {
        String[] parts = document.split("/");
        JsonNode d = odata.get(ErpMaterialDocumentClient.SERVICE, ErpMaterialDocumentClient.ENTITY_SET
                + "?$filter=MaterialDocument%20eq%20'" + parts[0] + "'%20and%20MaterialDocumentYear%20eq%20'" + parts[1]
                + "'&$select=MaterialDocument,MaterialDocumentYear,ReferenceDocument,PostingDate&$format=json")
                .path("d").path("results");
        if (!d.isArray() || d.isEmpty()) {
            return Optional.empty();
        }
        JsonNode h = d.get(0);
        return Optional.of(new MovementHeader(document, h.path("ReferenceDocument").asText(""),
                ODataValues.parseDate(h.path("PostingDate").asText(null))));
    }

    private List<JsonNode> pages(String service, String query) {
        List<JsonNode> all = new ArrayList<>();
        for (int skip = 0; ; skip += PAGE) {
            JsonNode results = odata.get(service, query + "&$top=" + PAGE + "&$skip=" + skip + "&$format=json")
                    .path("d").path("results");
            results.forEach(all::add);
            if (!results.isArray() || results.size() < PAGE) {
                return all;
            }
        }
    }
}
