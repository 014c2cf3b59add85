package io.meserp.hub.event;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventTest {

    private final JsonFactory json = new JsonFactory();

    @Test
    void thePlantOfAnEventIsReadFromItsSourceAloneWhereverItStands() throws IOException {
        // a "source" inside the data is the payload's, not the envelope's
        assertThat(CloudEvent.plantOf(json, """
                {"specversion":"1.0","data":{"source":"mes://plant-9999","lines":[{"source":"x"}]},"id":"e1",
                 "source":"mes://plant-1000","type":"io.meserp.confirmation.v1"}""")).isEqualTo("plant-1000");
        assertThat(CloudEvent.plantOf(json, "{\"id\":\"e1\",\"source\":\"erp://s4\"}")).isNull();
        assertThat(CloudEvent.plantOf(json, "{\"id\":\"e1\",\"data\":{\"source\":\"mes://plant-1000\"}}")).isNull();
        assertThat(CloudEvent.plantOf(json, "[\"mes://plant-1000\"]")).isNull();
    }
}
