package io.meserp.hub.event;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rules an event's data must keep beyond its canonical schema that depend on where it goes: the formats of the ERP its
 * plant books into (an order number, a plant code, an operation the ERP can hold). The canonical schemas are ERP-neutral;
 * the plant's ERP connector says what its ERP accepts, and the hub checks it where events enter, naming the field.
 */
public interface PayloadRules {

    /** Each violation of the data of an event of this plant as "data.field: reason"; empty when there is none. */
    List<String> violations(String plant, JsonNode data);
}
