package io.meserp.hub.release;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.meserp.hub.plant.CsvLayout;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a released order in a plant's CSV layout: one row per operation, the order's fields repeated, in the
 * plant's delimiter, decimal separator, date pattern, time zone and unit codes (the reverse of its unit map).
 */
final class ScheduleCsvWriter {

    private ScheduleCsvWriter() {
    }

    static String write(ProductionOrder order, CsvLayout layout, boolean change) {
        List<String> fields = new ArrayList<>(layout.columns().keySet());
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(layout.delimiter())
                .setRecordSeparator("\r\n").get())) {
            printer.printRecord(fields.stream().map(layout::column).toList());
            for (ProductionOrder.Operation op : order.operations()) {
                List<String> row = new ArrayList<>();
                for (String field : fields) {
                    row.add(switch (field) {
                        case "order" -> order.order();
                        case "material" -> order.material();
                        case "quantity" -> number(order.quantity(), layout);
                        case "unit" -> plantUnit(order.unit(), layout.units());
                        case "start" -> time(order.plannedStart(), layout);
                        case "end" -> time(order.plannedEnd(), layout);
                        case "operation" -> op.operation();
                        case "work-center" -> op.workCenter();
                        case "operation-text" -> op.text() == null ? "" : op.text();
                        case "change" -> change ? layout.trueValues().get(0) : layout.falseValues().get(0);
                        default -> "";
                    });
                }
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String number(BigDecimal value, CsvLayout layout) {
        return value.stripTrailingZeros().toPlainString().replace('.', layout.decimalSeparator());
    }

    private static String time(OffsetDateTime time, CsvLayout layout) {
        return layout.dateFormat().format(time.atZoneSameInstant(layout.timeZone()));
    }

    /** The plant's own code for a UN/ECE unit: the first entry of its unit map that maps to it. */
    private static String plantUnit(String iso, Map<String, String> units) {
        return units.entrySet().stream().filter(e -> e.getValue().equals(iso)).map(Map.Entry::getKey).findFirst().orElse(iso);
    }
}
