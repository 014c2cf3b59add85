package io.meserp.hub.movement;

import java.math.BigDecimal;
import java.util.Set;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.CsvReader;
import io.meserp.hub.plant.CsvRow;
import io.meserp.hub.plant.ParseResult;

/** Reads a plant's goods-movement CSV: one {@code material-movement/v1} per row. */
public class MovementCsvParser {

    private final CsvLayout layout;
    private final String erpPlant;

    public MovementCsvParser(CsvLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<MaterialMovement> parse(byte[] content) {
        return CsvReader.read(content, layout, this::movement);
    }

    private MaterialMovement movement(CsvRow row) {
        String order = row.code("order", "[0-9A-Za-z]{1,12}", "an order number (1 to 12 letters or digits)", true);
        String type = row.translated("movement-type", Set.of(MaterialMovement.GOODS_ISSUE, MaterialMovement.GOODS_RECEIPT), true);
        String material = row.text("material", true);
        if (material != null && material.length() > 40) {
            row.problem("material", material, "'" + material + "' is longer than 40 characters");
        }
        BigDecimal quantity = row.quantity("quantity", true);
        if (quantity != null && quantity.signum() == 0) {
            row.problem("quantity", row.text("quantity", false), "a movement of nothing is not booked: quantity is zero");
        }
        String reservation = row.code("reservation", "\\d{1,10}", "a reservation number (1 to 10 digits)", false);
        String reservationItem = row.code("reservation-item", "\\d{1,4}", "a reservation item (1 to 4 digits)", false);
        Boolean finalIssue = row.text("final-issue", false) == null ? null : row.flag("final-issue");
        return new MaterialMovement(order == null ? null : order.toUpperCase(), erpPlant, type,
                material == null ? null : material.toUpperCase(), row.text("storage-location", 4),
                row.text("batch", 10), quantity, row.unit("unit"), row.time("time", true), reservation, reservationItem,
                finalIssue, row.text("mes-event-id", false));
    }
}
