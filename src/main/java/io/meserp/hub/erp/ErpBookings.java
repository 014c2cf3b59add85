package io.meserp.hub.erp;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.erp.connector.ErpConnector;
import org.springframework.stereotype.Component;

/**
 * What the ERP has booked for a production order, read from the ERP itself (never from the hub's ledger), for
 * reconciliation through the s4-odata connector: the order's confirmations and the material document items that name it.
 */
@Component
public class ErpBookings {

    private static final int PAGE = 1000;

    private final ODataClient odata;
    private final ErpUnits units;

    public ErpBookings(ODataClient odata, ErpUnits units) {
        this.odata = odata;
        this.units = units;
    }

    public List<ErpConnector.BookedConfirmation> confirmations(String order) {
        List<ErpConnector.BookedConfirmation> out = new ArrayList<>();
        for (JsonNode c : pages(ErpConfirmationClient.SERVICE, ErpConfirmationClient.ENTITY_SET + "?$filter=OrderID%20eq%20'"
                + order + "'&$select=ConfirmationGroup,ConfirmationCount,ExternalSystemConfirmation,OrderOperation,"
                + "ConfirmationYieldQuantity,ConfirmationScrapQuantity,ConfirmationUnitISOCode,ConfirmedExecutionEndDate,"
                + "ConfirmedExecutionEndTime")) {
            LocalDate end = ODataValues.parseDate(c.path("ConfirmedExecutionEndDate").asText(null));
            out.add(new ErpConnector.BookedConfirmation(c.path("ConfirmationGroup").asText() + "/"
                    + c.path("ConfirmationCount").asText(), c.path("ExternalSystemConfirmation").asText("").toLowerCase(),
                    c.path("OrderOperation").asText(), new BigDecimal(c.path("ConfirmationYieldQuantity").asText("0")),
                    new BigDecimal(c.path("ConfirmationScrapQuantity").asText("0")),
                    c.path("ConfirmationUnitISOCode").asText(),
                    end == null ? null : end.atTime(ODataValues.parseTime(c.path("ConfirmedExecutionEndTime").asText(null)))));
        }
        return out;
    }

    /** Orders of an ERP plant with confirmations posted on these days (to find bookings the hub never sent). */
    public Set<String> confirmedOrders(String erpPlant, LocalDate from, LocalDate to) {
        Set<String> orders = new TreeSet<>();
        for (JsonNode c : pages(ErpConfirmationClient.SERVICE, ErpConfirmationClient.ENTITY_SET + "?$filter=Plant%20eq%20'"
                + erpPlant + "'%20and%20PostingDate%20ge%20datetime'" + from + "T00:00:00'%20and%20PostingDate%20le%20datetime'"
                + to + "T00:00:00'&$select=OrderID")) {
            orders.add(c.path("OrderID").asText());
        }
        return orders;
    }

    /**
     * The order's material document items that are not cancelled, each with its document's reference (the hub's key)
     * and posting date from the header, read once per document.
     */
    public List<ErpConnector.BookedMovement> movements(String order) {
        List<ErpConnector.BookedMovement> out = new ArrayList<>();
        Map<String, JsonNode> headers = new HashMap<>();
        for (JsonNode i : pages(ErpMaterialDocumentClient.SERVICE, "A_MaterialDocumentItem?$filter=ManufacturingOrder%20eq%20'"
                + order + "'&$select=MaterialDocument,MaterialDocumentYear,Material,GoodsMovementType,QuantityInEntryUnit,"
                + "EntryUnit,GoodsMovementIsCancelled")) {
            if (i.path("GoodsMovementIsCancelled").asBoolean(false)) {
                continue;
            }
            String document = i.path("MaterialDocument").asText() + "/" + i.path("MaterialDocumentYear").asText();
            JsonNode header = headers.computeIfAbsent(document, this::header);
            out.add(new ErpConnector.BookedMovement(document, header.path("ReferenceDocument").asText(""),
                    i.path("Material").asText(), i.path("GoodsMovementType").asText(),
                    new BigDecimal(i.path("QuantityInEntryUnit").asText("0")), units.canonical(i.path("EntryUnit").asText()),
                    ODataValues.parseDate(header.path("PostingDate").asText(null))));
        }
        return out;
    }

    /** The header of a material document given as {@code number/year} (missing when the ERP has none). */
    private JsonNode header(String document) {
        String[] parts = document.split("/");
        return odata.get(ErpMaterialDocumentClient.SERVICE, ErpMaterialDocumentClient.ENTITY_SET
                + "?$filter=MaterialDocument%20eq%20'" + parts[0] + "'%20and%20MaterialDocumentYear%20eq%20'" + parts[1]
                + "'&$select=MaterialDocument,MaterialDocumentYear,ReferenceDocument,PostingDate&$format=json")
                .path("d").path("results").path(0);
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
