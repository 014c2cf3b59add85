package io.meserp.hub.event;

import java.util.Arrays;
import java.util.Optional;

/** The canonical payloads the hub knows, each with its CloudEvents type, schema and flow name. */
public enum EventType {

    PRODUCTION_CONFIRMATION_V1("confirmation", "io.meserp.production-confirmation.v1", "production-confirmation/v1"),
    MATERIAL_MOVEMENT_V1("movement", "io.meserp.material-movement.v1", "material-movement/v1"),
    PRODUCTION_ORDER_V1("release", "io.meserp.production-order.v1", "production-order/v1"),
    DOWNTIME_EVENT_V1("downtime", "io.meserp.downtime-event.v1", "downtime-event/v1"),
    QUALITY_EVENT_V1("quality", "io.meserp.quality-event.v1", "quality-event/v1");

    private final String flow;
    private final String type;
    private final String schema;

    EventType(String flow, String type, String schema) {
        this.flow = flow;
        this.type = type;
        this.schema = schema;
    }

    public String flow() {
        return flow;
    }

    public String type() {
        return type;
    }

    /** The schema's path below {@code classpath:schemas/}, without the {@code .schema.json} suffix. */
    public String schema() {
        return schema;
    }

    /** The URI put in {@code dataschema}. */
    public String dataschema() {
        return "urn:meserp:schema:" + schema;
    }

    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
