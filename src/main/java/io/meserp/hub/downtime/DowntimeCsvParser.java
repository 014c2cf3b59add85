package io.meserp.hub.downtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.CsvReader;
import io.meserp.hub.plant.CsvRow;
import io.meserp.hub.plant.ParseResult;

/** Reads a plant's downtime CSV: one {@code downtime-event/v1} per row; minutes come from start and end. */
public class DowntimeCsvParser {

    private final CsvLayout layout;
    private final String erpPlant;

    public DowntimeCsvParser(CsvLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<DowntimeEvent> parse(byte[] content) {
        return CsvReader.read(content, layout, this::downtime);
    }

    private DowntimeEvent downtime(CsvRow row) {
        String equipment = row.text("equipment", true);
        if (equipment != null && equipment.length() > 40) {
            row.problem("equipment", equipment, "'" + equipment + "' is longer than 40 characters");
        }
        OffsetDateTime start = row.time("start", true);
        OffsetDateTime end = row.time("end", true);
        BigDecimal minutes = null;
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                row.problem("end", row.text("end", false), "'" + row.text("end", false) + "' is before the start "
                        + row.text("start", false));
            } else {
                minutes = BigDecimal.valueOf(Duration.between(start, end).toSeconds()).divide(BigDecimal.valueOf(60), 2,
                        RoundingMode.HALF_UP);
            }
        }
        String order = row.code("order", "[0-9A-Za-z]{1,12}", "an order number (1 to 12 letters or digits)", false);
        return new DowntimeEvent(erpPlant, equipment == null ? null : equipment.toUpperCase(), row.text("work-center", 8),
                start, end, minutes, row.code("reason", "[0-9A-Za-z]{1,4}", "a reason code (1 to 4 letters or digits)", true),
                row.text("reason-text", 40), order == null ? null : order.toUpperCase(), row.text("mes-event-id", false));
    }
}
