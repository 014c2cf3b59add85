package io.meserp.hub.support;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Confirmations as a modern MES publishes them: canonical CloudEvents JSON with the MES's own ids. */
public final class MesEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId PLANT_1000 = ZoneId.of("Europe/Berlin");
    /** RFC 3339 with seconds (OffsetDateTime.toString drops zero seconds). */
    private static final java.time.format.DateTimeFormatter RFC_3339 =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private MesEvents() {
    }

    /** Plant 1000's rows as CloudEvents, ids unique per {@code channel} and row. */
    public static List<String> confirmations(Plant1000Csv rows, String channel) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Plant1000Csv.Row r : rows.rows()) {
            ObjectNode data = MAPPER.createObjectNode();
            data.put("order", r.order());
            data.put("operation", r.operation());
            data.put("plant", "1000");
            data.put("yield", r.yield());
            data.put("scrap", r.scrap());
            data.put("rework", BigDecimal.ZERO);
            data.put("unit", "PCE");
            data.put("finalConfirmation", false);
            data.put("executionStart", RFC_3339.format(r.start().atZone(PLANT_1000)));
            data.put("executionEnd", RFC_3339.format(r.end().atZone(PLANT_1000)));
            ObjectNode event = MAPPER.createObjectNode();
            event.put("specversion", "1.0");
            event.put("id", channel + "-" + r.start() + "-" + (i++));
            event.put("source", "mes://plant-1000");
            event.put("type", "io.meserp.production-confirmation.v1");
            event.put("subject", r.order());
            event.put("time", RFC_3339.format(r.end().atZone(PLANT_1000)));
            event.put("datacontenttype", "application/json");
            event.set("data", data);
            out.add(event.toString());
        }
        return out;
    }
}
