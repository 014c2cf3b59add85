package io.meserp.hub.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

/**
 * The system query options the sandbox understands: {@code $filter} with {@code eq ne gt ge lt le} joined by {@code and},
 * {@code $top}, {@code $skip}, {@code $inlinecount}, {@code $select}, {@code $orderby}, {@code $expand},
 * {@code $format=json}. Anything else is refused with an OData error rather than ignored.
 */
record ODataQuery(List<Condition> filter, Integer top, Integer skip, boolean inlineCount, List<String> select,
        String orderBy, boolean descending, List<String> expand) {

    /** {@code property op literal}; the literal already unwrapped ({@code guid'..'}, {@code '..'}, numbers, booleans). */
    record Condition(String property, String operator, Object value) {

        /** The SQL comparison for the OData operator. */
        String sql() {
            return switch (operator) {
                case "eq" -> "=";
                case "ne" -> "<>";
                case "gt" -> ">";
                case "ge" -> ">=";
                case "lt" -> "<";
                default -> "<=";
            };
        }
    }

    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(eq|ne|gt|ge|lt|le)\\s+(guid'[^']*'|datetime'[^']*'|'(?:[^']|'')*'|true|false|-?\\d+(?:\\.\\d+)?[mMdD]?)\\s*");

    static ODataQuery parse(Map<String, String> params) {
        for (String key : params.keySet()) {
            if (key.startsWith("$") && !List.of("$filter", "$top", "$skip", "$inlinecount", "$select", "$orderby",
                    "$expand", "$format").contains(key)) {
                throw bad("system query option " + key + " is not supported by the sandbox");
            }
        }
        String format = params.get("$format");
        if (format != null && !format.equals("json")) {
            throw bad("only $format=json is served by the sandbox");
        }
        List<Condition> filter = new ArrayList<>();
        String text = params.get("$filter");
        if (text != null && !text.isBlank()) {
            for (String part : text.split("(?i)\\s+and\\s+")) {
                Matcher m = CONDITION.matcher(part);
                if (!m.matches()) {
                    throw bad("$filter part '" + part.trim() + "' is not understood (the sandbox supports 'Property op value'"
                            + " with eq, ne, gt, ge, lt, le, joined by 'and')");
                }
                filter.add(new Condition(m.group(1), m.group(2), literal(m.group(3))));
            }
        }
        String orderBy = null;
        boolean descending = false;
        String order = params.get("$orderby");
        if (order != null && !order.isBlank()) {
            String[] parts = order.trim().split("\\s+");
            orderBy = parts[0];
            descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
        }
        String inline = params.getOrDefault("$inlinecount", "none");
        if (!inline.equals("allpages") && !inline.equals("none")) {
            throw bad("$inlinecount must be allpages or none");
        }
        return new ODataQuery(filter, number(params.get("$top"), "$top"), number(params.get("$skip"), "$skip"),
                inline.equals("allpages"), list(params.get("$select")), orderBy, descending, list(params.get("$expand")));
    }

    private static Object literal(String raw) {
        if (raw.startsWith("guid'") || raw.startsWith("datetime'")) {
            return raw.substring(raw.indexOf('\'') + 1, raw.length() - 1);
        }
        if (raw.startsWith("'")) {
            return raw.substring(1, raw.length() - 1).replace("''", "'");
        }
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.valueOf(raw);
        }
        return raw.replaceAll("[mMdD]$", "");
    }

    private static Integer number(String raw, String option) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < 0) {
                throw bad(option + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(option + " must be a whole number, not '" + raw + "'");
        }
    }

    private static List<String> list(String raw) {
        return raw == null || raw.isBlank() ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
    }

    private static ODataErrors.ODataException bad(String message) {
        return new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/004", message);
    }
}
