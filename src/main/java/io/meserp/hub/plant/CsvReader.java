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
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static <T> ParseResult<T> read(byte[] content, CsvLayout layout, Function<CsvRow, T> mapper) {
        String text = TextDecoder.decode(content, layout.charset());
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(layout.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .get();
        List<Parsed<T>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header, layout);
            Iterator<CSVRecord> rows = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    record = rows.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new FileRejectedException("CSV is malformed after data row " + records + ": " + rootMessage(e), e);
                }
                records++;
                String location = "row " + records + " (line " + parser.getCurrentLineNumber() + ")";
                String order = orderOf(record, layout);
                if (record.size() != header.size()) {
                    rejected.add(new Rejection(location, null, null, null, "expected " + header.size()
                            + " fields as in the header, found " + record.size(), order));
                    continue;
                }
                CsvRow row = new CsvRow(record, location, layout);
                T value = mapper.apply(row);
                if (row.problems().isEmpty()) {
                    accepted.add(new Parsed<>(location, value));
                } else {
                    row.problems().forEach(p -> rejected.add(p.withOrder(order)));
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
