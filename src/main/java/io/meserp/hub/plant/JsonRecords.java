package io.meserp.hub.plant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON records read with a plant's tabular mapping ({@link CsvLayout}): an object, or an array of objects, whose member
 * names are the mapping's column names. Each record is located by its position and line. Values keep their JSON type
 * (a number has a decimal point, true and false are yes and no); a string is read as the same column of a CSV would be.
 * A member the mapping does not name, or an object or array as a value, refuses the record, naming the member.
 */
final class JsonRecords {

    /**
     * Numbers are read exactly (a double would round 12345678901234567.891); a member given twice in one record would
     * otherwise keep its last value without a word: refused instead.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private JsonRecords() {
    }

    static <T> ParseResult<T> read(byte[] content, CsvLayout layout, Function<CsvRow, T> mapper) {
        String text = TextDecoder.decode(content, StandardCharsets.UTF_8); // JSON is UTF-8 (RFC 8259)
        Set<String> columns = new java.util.LinkedHashSet<>(layout.columns().values());
        List<Parsed<T>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            boolean array = first == JsonToken.START_ARRAY;
            JsonToken token = array ? parser.nextToken() : first;
            while (token != null && token != JsonToken.END_ARRAY) {
                records++;
                int line = parser.currentTokenLocation().getLineNr();
                String location = (array ? "record " + records : "record") + " (line " + line + ")";
                JsonNode record = MAPPER.readTree(parser);
                if (record.isObject()) {
                    read(record, location, columns, layout, mapper, accepted, rejected);
                } else {
                    rejected.add(new Rejection(location, null, null, record.isValueNode() ? record.asText() : null,
                            "is a JSON " + record.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not an object of the plant mapping's columns", null));
                }
                if (!array) {
                    if (parser.nextToken() != null) {
                        throw new FileRejectedException("JSON has more after its first object at line "
                                + parser.currentTokenLocation().getLineNr() + ": send one object or an array of objects");
                    }
                    break;
                }
                token = parser.nextToken();
            }
            if (array && (token == null || parser.nextToken() != null)) {
                throw new FileRejectedException("JSON array is not closed, or has more after it");
            }
        } catch (IOException e) {
            throw new FileRejectedException("JSON cannot be read: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() + " at line " + (j.getLocation() == null ? "?" : j.getLocation().getLineNr()) : e.getMessage()), e);
        }
        if (records == 0) {
            throw new FileRejectedException("JSON array is empty: no records");
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    private static <T> void read(JsonNode record, String location, Set<String> columns, CsvLayout layout,
            Function<CsvRow, T> mapper, List<Parsed<T>> accepted, List<Rejection> rejected) {
        String orderColumn = layout.column("order");
        String order = orderColumn != null && record.path(orderColumn).isValueNode()
                ? record.path(orderColumn).asText() : null;
        Map<String, String> values = new HashMap<>();
        Set<String> numbers = new HashSet<>();
        Map<String, Boolean> booleans = new HashMap<>();
        List<String> header = new ArrayList<>();
        List<Rejection> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : record.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            String field = fieldOf(layout, name);
            if (!columns.contains(name)) {
                problems.add(new Rejection(location, null, name, value.isValueNode() ? value.asText() : null,
                        "member '" + name + "' is not a column of the plant mapping " + columns
                        + ": map it, or leave it out of the record",
                        order));
            } else if (value.isContainerNode()) {
                problems.add(new Rejection(location, field, name, null, "member '" + name + "' is a nested JSON "
                        + (value.isArray() ? "array" : "object") + "; a record holds text, numbers and booleans only",
                        order));
            } else if (!value.isNull()) {
                values.put(name, value.isNumber() ? plain(value) : value.asText());
                header.add(name);
                if (value.isNumber()) {
                    numbers.add(name);
                } else if (value.isBoolean()) {
                    booleans.put(name, value.booleanValue());
                }
            }
        }
        if (!problems.isEmpty()) {
            rejected.addAll(problems);
            return;
        }
        Rejection tooLong = CsvReader.tooLong(i -> values.get(header.get(i)), header, layout, location, order);
        if (tooLong != null) {
            rejected.add(tooLong);
            return;
        }
        CsvRow.Cells cells = new CsvRow.Cells() {
            @Override
            public String get(String column) {
                return values.get(column);
            }

            @Override
            public boolean isNumber(String column) {
                return numbers.contains(column);
            }

            @Override
            public Boolean bool(String column) {
                return booleans.get(column);
            }
        };
        CsvReader.map(new CsvRow(cells, location, layout), order, mapper, accepted, rejected);
    }

    /**
     * A JSON number as plain digits; one with a huge exponent (1e999999) keeps its JSON form, which no quantity reads,
     * rather than becoming a million digits.
     */
    private static String plain(JsonNode number) {
        java.math.BigDecimal value = number.decimalValue();
        return Math.abs(value.scale()) <= 40 && value.precision() <= 40 ? value.toPlainString() : number.asText();
    }

    private static String fieldOf(CsvLayout layout, String column) {
        return layout.columns().entrySet().stream().filter(c -> c.getValue().equals(column))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
