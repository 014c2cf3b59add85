package io.meserp.hub.erp.connector;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What templates see as {@code local}: each date-time of a payload in the ERP's time zone, split into its parts. */
final class LocalTimes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private LocalTimes() {
    }

    static ObjectNode of(JsonNode payload, ZoneId erpZone, ObjectMapper mapper) {
        ObjectNode local = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = payload.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual() && field.getValue().asText().length() >= 20) {
                try {
                    ZonedDateTime at = OffsetDateTime.parse(field.getValue().asText()).atZoneSameInstant(erpZone);
                    ObjectNode parts = local.putObject(field.getKey());
                    parts.put("date", at.toLocalDate().toString());
                    parts.put("time", at.toLocalTime().format(TIME));
                    parts.put("year", at.getYear());
                    parts.put("month", at.getMonthValue());
                    parts.put("day", at.getDayOfMonth());
                    parts.put("hour", at.getHour());
                    parts.put("minute", at.getMinute());
                    parts.put("second", at.getSecond());
                } catch (DateTimeParseException notATime) {
                    // not a date-time: nothing to split
                }
            }
        }
        return local;
    }
}
