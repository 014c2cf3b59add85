package io.meserp.hub.plant;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * How one plant writes a CSV file: delimiter, charset, number and date conventions, which column holds
 * which canonical field, how its unit codes map to UN/ECE codes, how its own codes for a field map to the
 * canonical ones (e.g. movement type "Verbrauch" → 261), and defaults for fields it leaves out.
 * A field may not span lines unless {@code multilineFields} (a stray quote would otherwise swallow every line up to
 * the next quote), nor be longer than {@code maxFieldLength}. Read from the plant's mapping file; see
 * docs/adding-a-plant.md for every key.
 * <p>
 * A large file is read in slices ({@link CsvSlices}): each slice is the header and the next lines, read with the same
 * layout {@link #after} the rows and lines before it, so that rows and lines are still numbered as in the file.
 */
public record CsvLayout(
        char delimiter,
        Charset charset,
        char decimalSeparator,
        Character groupingSeparator,
        DateTimeFormatter dateFormat,
        String datePattern,
        ZoneId timeZone,
        Map<String, String> columns,
        Map<String, String> units,
        List<String> trueValues,
        List<String> falseValues,
        Map<String, String> defaults,
        Map<String, Map<String, String>> values,
        boolean multilineFields,
        int maxFieldLength,
        int rowsBefore,
        int linesSkipped) {

    /** Longest field a plant file may hold unless its mapping says otherwise ({@code max-field-length}). */
    public static final int DEFAULT_MAX_FIELD_LENGTH = 255;

    /**
     * This layout for a slice of a file: the header line, then lines of the file that follow {@code rows} records and
     * {@code skipped} more lines than the slice holds before its first data line.
     */
    public CsvLayout after(int rows, int skipped) {
        return new CsvLayout(delimiter, charset, decimalSeparator, groupingSeparator, dateFormat, datePattern, timeZone,
                columns, units, trueValues, falseValues, defaults, values, multilineFields, maxFieldLength, rows, skipped);
    }

    /** The column that holds a canonical field, or null when the plant does not send it. */
    public String column(String field) {
        return columns.get(field);
    }
}
