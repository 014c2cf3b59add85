package io.meserp.hub.plant;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;

import io.meserp.hub.PlantCheck;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.support.MesEvents;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which mapping reads content that comes without a file name (a message, a REST body): JSON with a specversion is
 * CloudEvents, JSON without one is records of the plant's mapping, and nothing is guessed where a guess could lose data.
 */
class PlantContentReaderTest {

    private static final PlantRegistry PLANTS = PlantCheck.registry(Path.of("mappings/plants"));
    private final PlantContentReader reader = new PlantContentReader(PLANTS, new EventValidator(PlantCheck.MAPPER),
            PlantCheck.MAPPER);
    private final PlantDefinition plant1000 = PLANTS.find("plant-1000").orElseThrow();
    private final PlantDefinition plant2000 = PLANTS.find("plant-2000").orElseThrow();
    private final String event = MesEvents.confirmations(Plant1000Csv.generate(1, 1, LocalDateTime.of(2026, 10, 1, 6, 0)),
            "reader").get(0);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonWithASpecversionIsCloudEventsAndWithoutOneRecordsOfTheMappingAFileMessageJsonWouldGet() {
        assertThat(reader.mappingOf(plant1000, null, bytes(event))).isEqualTo("CloudEvents (canonical)");
        assertThat(reader.mappingOf(plant1000, null, bytes("[" + event + "]"))).isEqualTo("CloudEvents (canonical)");
        assertThat(reader.mappingOf(plant1000, null, bytes("{\"Auftrag\": \"1000001\"}"))).isEqualTo("CSV *.json -> confirmation");
        assertThat(reader.mappingOf(plant1000, null, bytes("Auftrag;Vorgang\n1;2"))).isEqualTo("CSV *.csv -> confirmation");
        assertThat(reader.mappingOf(plant1000, "warenbewegungen-7.csv", bytes("a;b"))).isEqualTo("CSV warenbewegungen*.csv -> movement");
        IntakeBatch batch = reader.readAny(plant1000, null, bytes(event), "test");
        assertThat(batch.events()).hasSize(1);
        assertThat(batch.rejections()).isEmpty();
    }

    @Test
    void contentNoMappingCanReadIsRefusedSayingWhatToDo() {
        // plant 2000 has a B2MML mapping only: JSON records have nowhere to go
        assertThatThrownBy(() -> reader.readAny(plant2000, null, bytes("{\"order\": \"1\"}"), "test"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("no JSON record (CSV) mapping").hasMessageContaining("without a specversion");
        assertThatThrownBy(() -> reader.readAny(plant1000, "schicht.txt", bytes(event), "test"))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("'schicht.txt'");
    }

    @Test
    void aCloudEventWithAMemberTwiceIsRefusedNotReadWithItsLastValue() {
        String twice = event.replaceFirst("\\{", "{\"subject\": \"9999999\", ");
        assertThatThrownBy(() -> reader.readAny(plant1000, null, bytes(twice), "test"))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("Duplicate field 'subject'");
    }
}
