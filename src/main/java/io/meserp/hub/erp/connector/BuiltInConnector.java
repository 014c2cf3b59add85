package io.meserp.hub.erp.connector;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.erp.ErpDocument;

/**
 * A connector whose calls are written in Java: the S/4HANA OData client ({@code s4-odata}) and the legacy SOAP service
 * ({@code soap-legacy}). Both keep the hub's event id in the document (ExternalSystemConfirmation, ExternalId,
 * Reference), so their look-up is by key.
 */
final class BuiltInConnector implements ErpConnector {

    /** Books one capability's document from the canonical payload, and finds it by the event id. */
    interface Calls {
        ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone);

        Optional<ErpDocument> find(String eventId);
    }

    private final String name;
    private final String type;
    private final Map<Capability, Calls> calls;

    BuiltInConnector(String name, String type, Map<Capability, Calls> calls) {
        this.name = name;
        this.type = type;
        this.calls = Map.copyOf(calls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<Capability> capabilities() {
        return calls.keySet();
    }

    @Override
    public Lookup lookup(Capability capability) {
        return Lookup.KEY;
    }

    @Override
    public ErpDocument create(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        return calls(capability).create(eventId, payload, erpZone);
    }

    @Override
    public Optional<ErpDocument> find(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        return calls(capability).find(eventId);
    }

    private Calls calls(Capability capability) {
        Calls c = calls.get(capability);
        if (c == null) {
            throw new IllegalStateException("connector " + name + " (" + type + ") does not offer " + capability.key());
        }
        return c;
    }
}
