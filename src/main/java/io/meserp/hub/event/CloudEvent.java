package io.meserp.hub.event;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        return source != null && source.startsWith("mes://") ? source.substring("mes://".length()) : null;
    }
}
