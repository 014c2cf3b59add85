package io.meserp.hub.plant;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a plant CSV as its {@link CsvLayout} describes it and maps each row with a flow's row mapper. A row
 * with bad fields is refused with every problem it has; the other rows are read. Problems of the whole file
 * (charset, missing columns, wrong delimiter, no rows) refuse the file.
 * <p>
 * The same mapping reads JSON records (content starting with '{' or '['): an object, or an array of objects, whose
 * member names are the mapping's column names, so that an MES that publishes JSON records needs no second mapping.
 * A member the mapping does not name, or a nested value, refuses its record by name: nothing in it is dropped.
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static <T> ParseResult<T> read(byte[] content, CsvLayout layout, Function<CsvRow, T> mapper) {
        char first = PlantContentReader.firstChar(content);
        if (first == '{' || first == '[') {
            return JsonRecords.read(content, layout, mapper);
        }
        String text = TextDecoder.decode(content, layout.charset());
        Lines lines = new Lines(text);
        List<Parsed<T>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = layout.rowsBefore();
        List<String> header = null;
        // the first pass reads the header; after a refused record, reading goes on at the line after the one it started
        // on (from), with the same header, as often as it takes
        for (int from = 0; from >= 0; ) {
            CSVFormat format = header == null ? format(layout).setHeader().setSkipHeaderRecord(true).get()
                    : format(layout).setHeader(header.toArray(String[]::new)).setSkipHeaderRecord(false).get();
            try (CSVParser parser = CSVParser.parse(new StringReader(text.substring(from)), format)) {
                if (header == null) {
                    header = parser.getHeaderNames();
                    checkHeader(header, layout);
                }
                records = readRecords(parser, from, header, lines, layout, mapper, accepted, rejected, records);
                from = -1;
            } catch (Resync resync) {
                records = resync.records;
                from = resync.from;
            } catch (IOException e) {
                throw new FileRejectedException("CSV cannot be read: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new FileRejectedException("CSV header is invalid: " + e.getMessage(), e);
            }
        }
        if (records == 0) {
            throw new FileRejectedException("file has a header but no data rows");
        }
        return new ParseResult<>(records - layout.rowsBefore(), accepted, rejected);
    }

    private static CSVFormat.Builder format(CsvLayout layout) {
        return CSVFormat.DEFAULT.builder()
                .setDelimiter(layout.delimiter())
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true);
    }

    /**
     * Reads records from {@code parser} (which starts at {@code offset} of the text). A record with a line break in a
     * field (a quote left open) is refused, and so is everything after the quote up to where the parser would resume:
     * reading starts again at the line after the one the record began on ({@link Resync}).
     */
    /** Maps one record and files it as accepted or refused. */
    static <T> void map(CsvRow row, String order, Function<CsvRow, T> mapper, List<Parsed<T>> accepted,
            List<Rejection> rejected) {
        T value = mapper.apply(row);
        if (row.problems().isEmpty()) {
            accepted.add(new Parsed<>(row.location(), value));
        } else {
            row.problems().forEach(p -> rejected.add(p.withOrder(order)));
        }
    }

    /**
     * A row with a quote its line does not close. Read as CSV it would run on into the next lines (up to the next quote,
     * or the end of the file) and swallow them; it is refused alone, and said the same wherever the next quote is, so
     * that a file read in slices says what it says read whole.
     */
    private static String unclosedQuote(int line) {
        return "a quote opened on line " + line + " is not closed on that line: read as CSV, the row would run into the"
                + " next lines and swallow them; the row is refused and reading goes on at line " + (line + 1);
    }

    private static <T> int readRecords(CSVParser parser, int offset, List<String> header, Lines lines, CsvLayout layout,
            Function<CsvRow, T> mapper, List<Parsed<T>> accepted, List<Rejection> rejected, int records) {
        Iterator<CSVRecord> rows = parser.iterator();
        int nextLine = lines.lineOf(offset) + (offset == 0 ? 1 : 0);
        while (true) {
            CSVRecord record;
            try {
                if (!rows.hasNext()) {
                    return records;
                }
                record = rows.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                if (layout.multilineFields()) {
                    throw new FileRejectedException("CSV is malformed after data row " + records + ": " + rootMessage(e), e);
                }
                // a quote opened and never closed before the end of the file
                int line = lines.firstNonBlankFrom(nextLine);
                int shown = line + 1 + layout.linesSkipped();
                records++;
                rejected.add(new Rejection("row " + records + " (line " + shown + ")", null, null, null,
                        unclosedQuote(shown), null));
                throw new Resync(lines.startOf(line + 1), records);
            }
            records++;
            int start = offset + (int) record.getCharacterPosition();
            int line = lines.firstNonBlankFrom(lines.lineOf(start));
            int shown = line + 1 + layout.linesSkipped();
            String location = "row " + records + " (line " + shown + ")";
            String order = orderOf(record, layout);
            if (!layout.multilineFields() && spansLines(record)) {
                rejected.add(new Rejection(location, null, null, null, unclosedQuote(shown),
                        order));
                throw new Resync(lines.startOf(line + 1), records);
            }
            nextLine = lines.lineOf(offset) + (int) parser.getCurrentLineNumber();
            if (record.size() != header.size()) {
                rejected.add(new Rejection(location, null, null, null, "expected " + header.size()
                        + " fields as in the header, found " + record.size(), order));
                continue;
            }
            Rejection tooLong = tooLong(record::get, header, layout, location, order);
            if (tooLong != null) {
                rejected.add(tooLong);
                continue;
            }
            map(new CsvRow(column -> record.isMapped(column) ? record.get(column) : null, location, layout), order,
                    mapper, accepted, rejected);
        }
    }

    private static boolean spansLines(CSVRecord record) {
        for (String value : record) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return true;
            }
        }
        return false;
    }

    static Rejection tooLong(java.util.function.IntFunction<String> record, List<String> header, CsvLayout layout,
            String location, String order) {
        for (int i = 0; i < header.size(); i++) {
            String value = record.apply(i);
            if (value.length() > layout.maxFieldLength()) {
                String column = header.get(i);
                String field = layout.columns().entrySet().stream().filter(c -> c.getValue().equals(column))
                        .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
                return new Rejection(location, field, column, value, "is " + value.length()
                        + " characters long, over the limit of " + layout.maxFieldLength()
                        + " (max-field-length in the plant mapping)", order);
            }
        }
        return null;
    }

    /** Reading goes on at {@code from} (a character offset) after a refused record. */
    private static final class Resync extends RuntimeException {
        private final int from;
        private final int records;

        Resync(int from, int records) {
            super(null, null, false, false);
            this.from = from;
            this.records = records;
        }
    }

    /** Where each physical line of the text starts. */
    private static final class Lines {
        private final int[] starts;
        private final String text;

        Lines(String text) {
            this.text = text;
            List<Integer> found = new ArrayList<>();
            found.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    found.add(i + 1);
                }
            }
            starts = found.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The 0-based line of a character offset. */
        int lineOf(int offset) {
            int i = java.util.Arrays.binarySearch(starts, offset);
            return i >= 0 ? i : -i - 2;
        }

        int startOf(int line) {
            return line < starts.length ? starts[line] : text.length();
        }

        int firstNonBlankFrom(int line) {
            int l = line;
            while (l + 1 < starts.length && text.substring(starts[l], starts[l + 1]).isBlank()) {
                l++;
            }
            return l;
        }
    }

    private static void checkHeader(List<String> header, CsvLayout layout) {
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

    private static String orderOf(CSVRecord row, CsvLayout layout) {
        String column = layout.column("order");
        return column != null && row.isMapped(column) && row.isSet(column) && !row.get(column).isBlank()
                ? row.get(column).trim() : null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
