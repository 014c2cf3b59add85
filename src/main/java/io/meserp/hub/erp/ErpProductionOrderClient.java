package io.meserp.hub.erp;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

/**
 * Reads released production orders with their operations and components from
 * {@code API_PRODUCTION_ORDER_2_SRV/A_ProductionOrder_2}, and unrestricted stock from
 * {@code API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod} for the availability check.
 */
@Component
public class ErpProductionOrderClient {

    static final String ORDER_SERVICE = "API_PRODUCTION_ORDER_2_SRV";
    static final String STOCK_SERVICE = "API_MATERIAL_STOCK_SRV";
    private static final String EXPAND = "$expand=to_ProductionOrderOperation,to_ProductionOrderComponent";

    private final ODataClient odata;

    public ErpProductionOrderClient(ODataClient odata) {
        this.odata = odata;
    }

    /** Released orders changed at or after {@code changeStamp} (LastChangeDateTime), oldest first, one page. */
    public List<JsonNode> releasedSince(String changeStamp, int top) {
        String filter = "OrderIsReleased eq 'X' and LastChangeDateTime ge '" + changeStamp + "'";
        JsonNode results = odata.get(ORDER_SERVICE, "A_ProductionOrder_2?$filter=" + encode(filter)
                + "&$orderby=LastChangeDateTime&$top=" + top + "&" + EXPAND + "&$format=json").path("d").path("results");
        List<JsonNode> orders = new ArrayList<>();
        results.forEach(orders::add);
        return orders;
    }

    /** One order with its operations and components, if the ERP has it. */
    public Optional<JsonNode> order(String order) {
        try {
            return Optional.of(odata.get(ORDER_SERVICE, "A_ProductionOrder_2('" + encode(order) + "')?" + EXPAND
                    + "&$format=json").path("d"));
        } catch (ErpRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Unrestricted stock of a material in a plant over all storage locations and batches, in its base unit. */
    public BigDecimal unrestrictedStock(String material, String plant) {
        String filter = "Material eq '" + material.replace("'", "''") + "' and Plant eq '" + plant + "'";
        JsonNode rows = odata.get(STOCK_SERVICE, "A_MatlStkInAcctMod?$filter=" + encode(filter) + "&$format=json")
                .path("d").path("results");
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            if (row.path("InventoryStockType").asText("01").equals("01")) {
                total = total.add(new BigDecimal(row.path("MatlWrhsStkQtyInMatlBaseUnit").asText("0")));
            }
        }
        return total;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
