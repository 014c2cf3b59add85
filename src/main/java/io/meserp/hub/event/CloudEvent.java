package io.meserp.hub.event;

import java.io.IOException;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CloudEvents 1.0 envelope (JSON format) around a versioned hub payload. This is the only thing that
 * crosses the middle of the hub: plants' formats end at the inbound adapter, the ERP's at its client.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        String dataschema,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    /** An event of a hub payload type from {@code source} ({@code mes://<plant>} or {@code erp://<system>}). */
    public static CloudEvent of(EventType type, String id, String source, String subject, OffsetDateTime time,
            JsonNode data) {
        return new CloudEvent(SPEC_VERSION, id, source, type.type(), subject, time, "application/json",
                type.dataschema(), data);
    }

    /** The plant id from a {@code mes://<plant>} source. */
    public String plant() {
        return plantOf(source);
    }

    /**
     * The plant of an event in its JSON form, from its source, without reading the rest into objects (null when the
     * source names no plant): for a step that only needs to know whose event it is.
     */
    public static String plantOf(JsonFactory json, String event) throws IOException {
        try (JsonParser parser = json.createParser(event)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if ("source".equals(name)) {
                    return plantOf(parser.getValueAsString());
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    private static String plantOf(String source) {
        return source != null && source.startsWith("mes://") ? source.substring("mes://".length()) : null;
    }
}
