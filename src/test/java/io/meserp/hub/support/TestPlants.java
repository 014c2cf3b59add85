package io.meserp.hub.support;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.confirmation.ConfirmationEvents;
import io.meserp.hub.confirmation.ConfirmationFlow;
import io.meserp.hub.downtime.DowntimeFlow;
import io.meserp.hub.movement.MovementEvents;
import io.meserp.hub.quality.QualityFlow;
import io.meserp.hub.movement.MovementFlow;
import io.meserp.hub.plant.PlantRegistry;
import org.springframework.util.unit.DataSize;

/** The plant registry with the hub's real flows, without Spring, for unit tests. */
public final class TestPlants {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TestPlants() {
    }

    public static HubProperties properties(Path mappingsDir) {
        return new HubProperties(Path.of("target"), Path.of("."),
                new HubProperties.Plants(mappingsDir, DataSize.ofMegabytes(10), DataSize.ofMegabytes(10), 0, 0, 3, java.time.Duration.ofMinutes(15)), null,
                new HubProperties.Queues("hub.confirmation", "hub.movement", "hub.downtime", "hub.quality", "hub.confirmation.aggregate"), null, null, null, null);
    }

    public static PlantRegistry registry(Path mappingsDir) {
        return io.meserp.hub.PlantCheck.registry(mappingsDir);
    }
}
