package io.meserp.hub.confirmation;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.PlantSection;

/**
 * A plant's {@code confirmation-aggregation:} section: confirmations of one order and operation are combined until
 * {@code count} of them or {@code seconds} have passed. Null when the plant has none (each is booked on its own).
 */
public record AggregationSettings(int count, int seconds) {

    public static final PlantSection<AggregationSettings> SECTION = PlantSection.of("confirmation-aggregation",
            AggregationSettings::read);

    /** The section as plant.yaml gives it (a missing node: no aggregation, null). */
    static AggregationSettings read(JsonNode a, Path file) {
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        int count = a.path("count").asInt(0);
        int seconds = a.path("seconds").asInt(0);
        if (count < 2 || seconds < 1) {
            throw PlantRegistry.invalid(file, "confirmation-aggregation", "needs count of at least 2 and seconds of at least 1");
        }
        return new AggregationSettings(count, seconds);
    }
}
