package io.meserp.hub.erp.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpRejectedException;
import org.junit.jupiter.api.Test;

/** The built-in types keep SAP's formats: a value S/4 cannot hold is refused by name before any call. */
class BuiltInConnectorTest {

    private final List<String> calls = new ArrayList<>();

    private final BuiltInConnector.Calls recorder = new BuiltInConnector.Calls() {
        @Override
        public ErpDocument create(String eventId, JsonNode payload, ZoneId erpZone) {
            calls.add(eventId);
            return new ErpDocument("1/1");
        }

        @Override
        public Optional<ErpDocument> find(String eventId) {
            return Optional.empty();
        }

        @Override
        public boolean finds() {
            return true;
        }

        @Override
        public String key(String eventId) {
            return eventId;
        }
    };

    @Test
    void aValueSapCannotHoldIsRefusedBeforeAnyCall() {
        ErpConnector s4 = new BuiltInConnector("s4", "s4-odata", Map.of(Capability.CONFIRMATION, recorder), null, null,
                Formats.sapFor("s4"));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode fits = mapper.createObjectNode().put("order", "1000123").put("operation", "0010").put("plant", "1000");
        assertThat(s4.create(Capability.CONFIRMATION, "ev-1", fits, ZoneId.of("UTC")).number()).isEqualTo("1/1");

        JsonNode tryton = mapper.createObjectNode().put("order", "MO/42").put("operation", "10").put("plant", "1000");
        assertThatThrownBy(() -> s4.create(Capability.CONFIRMATION, "ev-2", tryton, ZoneId.of("UTC")))
                .isInstanceOf(ErpRejectedException.class)
                .hasMessageContaining("ERP s4 cannot hold this confirmation")
                .hasMessageContaining("data.order: 'MO/42' does not match ^[0-9A-Z]{1,12}$")
                .hasMessageContaining("data.operation: '10' does not match ^[0-9]{4}$");
        assertThat(calls).containsExactly("ev-1");
        // nested fields are checked by their path
        assertThat(Formats.sapFor("s4").violations(mapper.createObjectNode().set("defect",
                mapper.createObjectNode().put("code", "TOO-LONG-CODE")))).singleElement().asString()
                .startsWith("data.defect.code: 'TOO-LONG-CODE' does not match");
    }
}
