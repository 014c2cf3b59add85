package io.meserp.hub.plant;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A workflow's own section of plant.yaml ({@code quality:}, {@code downtime:}, {@code confirmation-aggregation:}): the
 * workflow reads and checks it, the plant registry only hands it over when it loads the plant, and a mistake in it stops
 * the hub naming the file and key (throw {@link PlantRegistry#invalid}). {@link InboundFlow#sections()} names a
 * workflow's sections.
 */
public interface PlantSection<T> {

    /** The section's key in plant.yaml. */
    String key();

    /** The section's settings; {@code section} is a missing node when plant.yaml has none (give the defaults). */
    T read(JsonNode section, Path file);

    /** A section read by {@code reader}. */
    static <T> PlantSection<T> of(String key, java.util.function.BiFunction<JsonNode, Path, T> reader) {
        return new PlantSection<>() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public T read(JsonNode section, Path file) {
                return reader.apply(section, file);
            }
        };
    }
}
