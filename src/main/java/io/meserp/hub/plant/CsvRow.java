package io.meserp.hub.plant;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a plant's tabular mapping (a CSV data row or a JSON record), read through the plant's
 * {@link CsvLayout}: each accessor takes a canonical field name, finds the plant's column, applies defaults and
 * conventions, and records a {@link Rejection} (with the bad value quoted) instead of stopping at the first problem.
 */
public final class CsvRow {

    /**
     * The values of one record by column name. A JSON record keeps the type of its values: a JSON number is a number
     * with a decimal point whatever the plant's CSV convention, a JSON boolean is a yes or a no.
     */
    interface Cells {
        /** The raw value, or null when the record has no such column. */
        String get(String column);

        default boolean isNumber(String column) {
            return false;
        }

        default Boolean bool(String column) {
            return null;
        }
    }

    private final Cells row;
    private final String location;
    private final CsvLayout layout;
    private final List<Rejection> problems = new ArrayList<>();

    CsvRow(Cells row, String location, CsvLayout layout) {
        this.row = row;
        this.location = location;
        this.layout = layout;
    }

    public String location() {
        return location;
    }

    public List<Rejection> problems() {
        return problems;
    }

    /** The trimmed value, the mapping's default when empty, or null (a problem when required). */
    public String text(String field, boolean required) {
        String column = layout.column(field);
        String value = column == null ? null : row.get(column);
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

    /** A value that must match {@code pattern}; {@code what} says in words what it must be. */
    public String code(String field, String pattern, String what, boolean required) {
        String value = text(field, required);
        if (value != null && !value.matches(pattern)) {
            problem(field, value, "'" + value + "' is not " + what);
            return null;
        }
        return value;
    }

    /**
     * A code the plant writes its own way, translated through the mapping's {@code values.<field>} table; a
     * value that is already one of {@code allowed} passes as it is.
     */
    public String translated(String field, java.util.Set<String> allowed, boolean required) {
        String raw = text(field, required);
        if (raw == null) {
            return null;
        }
        String value = layout.values().getOrDefault(field, java.util.Map.of()).getOrDefault(raw, raw);
        if (!allowed.contains(value)) {
            problem(field, raw, "'" + raw + "' is not one of " + allowed + " nor mapped to one in the plant mapping");
            return null;
        }
        return value;
    }

    /** Up to {@code max} characters. */
    public String text(String field, int max) {
        String value = text(field, false);
        if (value != null && value.length() > max) {
            problem(field, value, "'" + value + "' is longer than " + max + " characters");
            return null;
        }
        return value;
    }

    /** A zero-padded number of {@code width} digits (operation 10 → 0010). */
    public String padded(String field, int width, String what, boolean required) {
        String value = code(field, "\\d{1," + width + "}", what + " (1 to " + width + " digits)", required);
        return value == null ? null : "0".repeat(width - value.length()) + value;
    }

    /** A quantity in the plant's number format; zero when empty and not required. */
    public BigDecimal quantity(String field, boolean required) {
        String raw = text(field, required);
        if (raw == null) {
            return required ? null : BigDecimal.ZERO.setScale(3);
        }
        try {
            return numeric(field) ? Quantities.parse(raw, '.', null)
                    : Quantities.parse(raw, layout.decimalSeparator(), layout.groupingSeparator());
        } catch (IllegalArgumentException e) {
            problem(field, raw, e.getMessage());
            return null;
        }
    }

    /** A measured value (may be negative); null when empty. */
    public BigDecimal measurement(String field, boolean required) {
        String raw = text(field, required);
        if (raw == null) {
            return null;
        }
        try {
            return Quantities.parseMeasurement(raw, numeric(field) ? '.' : layout.decimalSeparator());
        } catch (IllegalArgumentException e) {
            problem(field, raw, e.getMessage());
            return null;
        }
    }

    /** The UN/ECE code of the plant's unit; a UN/ECE code the mapping lists as a target passes as it is. */
    public String unit(String field) {
        return unit(field, true);
    }

    public String unit(String field, boolean required) {
        String raw = text(field, required);
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
        problem(field, raw, "'" + raw + "' is not a unit this plant's mapping knows " + layout.units().keySet());
        return null;
    }

    public boolean flag(String field) {
        String column = layout.column(field);
        Boolean json = column == null ? null : row.bool(column);
        if (json != null) {
            return json;
        }
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

    /** A local date and time in the plant's pattern and time zone. */
    public OffsetDateTime time(String field, boolean required) {
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

    /** Whether the field's value was a JSON number (read with a decimal point, without grouping). */
    private boolean numeric(String field) {
        String column = layout.column(field);
        return column != null && row.isNumber(column);
    }

    public void problem(String field, String value, String reason) {
        problems.add(new Rejection(location, field, layout.column(field), value, reason, null));
    }
}
