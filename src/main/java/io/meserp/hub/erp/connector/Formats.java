package io.meserp.hub.erp.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ERP's formats: per field of the canonical payload (a dotted path for a nested one, {@code defect.code}), the
 * pattern a value must match for the ERP to hold it. The canonical schemas say what a value is; these say what one ERP
 * can store. Checked where events enter the hub and again before any call to the ERP.
 */
public record Formats(String connector, String where, Map<String, Pattern> patterns) {

    /** SAP's formats, for s4-odata and soap-legacy (the same ERP behind two APIs). */
    public static Formats sapFor(String connector) {
        Map<String, Pattern> p = new LinkedHashMap<>();
        p.put("order", Pattern.compile("^[0-9A-Z]{1,12}$"));
        p.put("plant", Pattern.compile("^[0-9A-Z]{4}$"));
        p.put("operation", Pattern.compile("^[0-9]{4}$"));
        p.put("workCenter", Pattern.compile("^.{1,8}$"));
        p.put("personnel", Pattern.compile("^.{1,8}$"));
        p.put("varianceReason", Pattern.compile("^.{1,4}$"));
        p.put("storageLocation", Pattern.compile("^.{1,4}$"));
        p.put("batch", Pattern.compile("^.{1,10}$"));
        p.put("reservation", Pattern.compile("^[0-9]{1,10}$"));
        p.put("reservationItem", Pattern.compile("^[0-9]{1,4}$"));
        p.put("reasonCode", Pattern.compile("^.{1,4}$"));
        p.put("defect.code", Pattern.compile("^.{1,8}$"));
        return new Formats(connector, "the SAP formats built into its type", Map.copyOf(p));
    }

    static Formats none(String connector) {
        return new Formats(connector, "none", Map.of());
    }

    /** Each value of the payload the ERP cannot hold, as "data.field: 'value' ..."; empty when all fit. */
    public List<String> violations(JsonNode payload) {
        List<String> problems = new ArrayList<>();
        patterns.forEach((field, pattern) -> {
            JsonNode value = payload;
            for (String part : field.split("\\.")) {
                value = value.path(part);
            }
            if (value.isValueNode() && !value.isNull() && !pattern.matcher(value.asText()).matches()) {
                problems.add("data." + field + ": '" + value.asText() + "' does not match " + pattern.pattern()
                        + ", a format of ERP connector " + connector + " (" + where + ")");
            }
        });
        return problems;
    }
}
