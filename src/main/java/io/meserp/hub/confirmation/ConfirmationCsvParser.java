package io.meserp.hub.confirmation;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;
import io.meserp.hub.plant.TextDecoder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a plant's confirmation CSV as its {@link CsvLayout} describes it. A row with a bad field is refused
 * with every problem it has; the other rows are read. Problems that concern the whole file (charset, missing
 * columns, wrong delimiter) refuse the file.
 */
public class ConfirmationCsvParser {

    private final CsvLayout layout;
    private final String erpPlant;

    public ConfirmationCsvParser(CsvLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<ProductionConfirmation> parse(byte[] content) {
        String text = TextDecoder.decode(content, layout.charset());
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(layout.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .get();
        List<Parsed<ProductionConfirmation>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header);
            Iterator<CSVRecord> rows = parser.iterator();
            while (true) {
                CSVRecord row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new FileRejectedException("CSV is malformed after data row " + records + ": "
                            + rootMessage(e), e);
                }
                records++;
                String location = "row " + records + " (line " + parser.getCurrentLineNumber() + ")";
                if (row.size() != header.size()) {
                    rejected.add(new Rejection(location, null, null, null, "expected " + header.size()
                            + " fields as in the header, found " + row.size(), orderOf(row)));
                    continue;
                }
                RowReader reader = new RowReader(row, location);
                ProductionConfirmation confirmation = reader.read();
                if (reader.problems.isEmpty()) {
                    accepted.add(new Parsed<>(location, confirmation));
                } else {
                    String order = orderOf(row);
                    reader.problems.forEach(p -> rejected.add(p.withOrder(order)));
                }
            }
        } catch (IOException e) {
            throw new FileRejectedException("CSV cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FileRejectedException("CSV header is invalid: " + e.getMessage(), e);
        }
        if (records == 0) {
            throw new FileRejectedException("file has a header but no data rows");
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    private void checkHeader(List<String> header) {
        if (header.isEmpty()) {
            throw new FileRejectedException("file is empty: no header line");
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> column : layout.columns().entrySet()) {
            if (!header.contains(column.getValue()) && !layout.defaults().containsKey(column.getKey())) {
                missing.add(column.getValue());
            }
        }
        if (!missing.isEmpty()) {
            String hint = header.size() == 1
                    ? "; the header has a single column, is the delimiter '" + layout.delimiter() + "' right?"
                    : "";
            throw new FileRejectedException("header lacks column(s) " + missing + " required by the plant mapping"
                    + " (found " + header + ")" + hint);
        }
    }

    private String orderOf(CSVRecord row) {
        String column = layout.column("order");
        return row.isMapped(column) && row.isSet(column) && !row.get(column).isBlank() ? row.get(column).trim() : null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Reads the fields of one row, collecting every problem instead of stopping at the first. */
    private final class RowReader {
        private final CSVRecord row;
        private final String location;
        private final List<Rejection> problems = new ArrayList<>();

        RowReader(CSVRecord row, String location) {
            this.row = row;
            this.location = location;
        }

        ProductionConfirmation read() {
            String order = text("order", true);
            if (order != null && !order.matches("[0-9A-Za-z]{1,12}")) {
                problem("order", order, "'" + order + "' is not an order number (1 to 12 letters or digits)");
            }
            String operation = text("operation", true);
            if (operation != null) {
                if (!operation.matches("\\d{1,4}")) {
                    problem("operation", operation, "'" + operation + "' is not an operation number (1 to 4 digits)");
                } else {
                    operation = "0".repeat(4 - operation.length()) + operation;
                }
            }
            String workCenter = text("work-center", false);
            if (workCenter != null && workCenter.length() > 8) {
                problem("work-center", workCenter, "'" + workCenter + "' is longer than 8 characters");
            }
            BigDecimal yield = quantity("yield");
            BigDecimal scrap = quantity("scrap");
            BigDecimal rework = quantity("rework");
            String unit = unit();
            boolean isFinal = flag("final");
            OffsetDateTime start = time("start", false);
            OffsetDateTime end = time("end", true);
            if (start != null && end != null && end.isBefore(start)) {
                problem("end", text("end", false), "'" + text("end", false) + "' is before the start " + text("start", false));
            }
            String personnel = text("personnel", false);
            if (personnel != null && personnel.length() > 8) {
                problem("personnel", personnel, "'" + personnel + "' is longer than 8 characters");
            }
            String variance = text("variance-reason", false);
            if (variance != null && variance.length() > 4) {
                problem("variance-reason", variance, "'" + variance + "' is longer than 4 characters");
            }
            return new ProductionConfirmation(order == null ? null : order.toUpperCase(), operation, erpPlant,
                    workCenter, yield, scrap, rework, unit, isFinal, start, end, personnel, variance,
                    text("mes-event-id", false));
        }

        private String text(String field, boolean required) {
            String column = layout.column(field);
            String value = column != null && row.isMapped(column) ? row.get(column) : null;
            if (value == null || value.isBlank()) {
                value = layout.defaults().get(field);
            }
            if (value == null || value.isBlank()) {
                if (required) {
                    problem(field, null, "is required but empty");
                }
                return null;
            }
            return value.trim();
        }

        private BigDecimal quantity(String field) {
            String raw = text(field, false);
            if (raw == null) {
                return field.equals("yield") ? missing(field) : BigDecimal.ZERO.setScale(3);
            }
            try {
                return Quantities.parse(raw, layout.decimalSeparator(), layout.groupingSeparator());
            } catch (IllegalArgumentException e) {
                problem(field, raw, e.getMessage());
                return null;
            }
        }

        private BigDecimal missing(String field) {
            problem(field, null, "is required but empty");
            return null;
        }

        private String unit() {
            String raw = text("unit", true);
            if (raw == null) {
                return null;
            }
            String mapped = layout.units().get(raw);
            if (mapped != null) {
                return mapped;
            }
            if (layout.units().containsValue(raw)) {
                return raw;
            }
            problem("unit", raw, "'" + raw + "' is not a unit this plant's mapping knows " + layout.units().keySet());
            return null;
        }

        private boolean flag(String field) {
            String raw = text(field, false);
            String value = raw == null ? "" : raw;
            if (layout.trueValues().stream().anyMatch(value::equalsIgnoreCase)) {
                return true;
            }
            if (layout.falseValues().stream().anyMatch(value::equalsIgnoreCase)) {
                return false;
            }
            problem(field, raw, "'" + raw + "' is neither a yes " + layout.trueValues() + " nor a no " + layout.falseValues());
            return false;
        }

        private OffsetDateTime time(String field, boolean required) {
            String raw = text(field, required);
            if (raw == null) {
                return null;
            }
            try {
                return LocalDateTime.parse(raw, layout.dateFormat()).atZone(layout.timeZone()).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                problem(field, raw, "'" + raw + "' is not a date and time in the pattern '" + layout.datePattern() + "'");
                return null;
            }
        }

        private void problem(String field, String value, String reason) {
            String column = layout.column(field);
            problems.add(new Rejection(location, field, column, value, reason, null));
        }
    }
}
