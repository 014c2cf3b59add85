package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.CsvReader;
import io.meserp.hub.plant.CsvRow;
import io.meserp.hub.plant.ParseResult;

/** Reads a plant's confirmation CSV: one {@code production-confirmation/v1} per row. */
public class ConfirmationCsvParser {

    static final String ORDER = "[0-9A-Za-z]{1,12}";

    private final CsvLayout layout;
    private final String erpPlant;

    public ConfirmationCsvParser(CsvLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<ProductionConfirmation> parse(byte[] content) {
        return CsvReader.read(content, layout, this::confirmation);
    }

    private ProductionConfirmation confirmation(CsvRow row) {
        String order = row.code("order", ORDER, "an order number (1 to 12 letters or digits)", true);
        String operation = row.padded("operation", 4, "an operation number", true);
        String workCenter = row.text("work-center", 8);
        BigDecimal yield = row.quantity("yield", true);
        BigDecimal scrap = row.quantity("scrap", false);
        BigDecimal rework = row.quantity("rework", false);
        String unit = row.unit("unit");
        boolean isFinal = row.flag("final");
        OffsetDateTime start = row.time("start", false);
        OffsetDateTime end = row.time("end", true);
        if (start != null && end != null && end.isBefore(start)) {
            row.problem("end", row.text("end", false), "'" + row.text("end", false) + "' is before the start "
                    + row.text("start", false));
        }
        return new ProductionConfirmation(order == null ? null : order.toUpperCase(), operation, erpPlant,
                workCenter, yield, scrap, rework, unit, isFinal, start, end, row.text("personnel", 8),
                row.text("variance-reason", 4), row.text("mes-event-id", false));
    }
}
