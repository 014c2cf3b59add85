package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.Rejection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfirmationCsvParserTest {

    static final PlantRegistry PLANTS = io.meserp.hub.support.TestPlants.registry(Path.of("mappings/plants"));

    private final CsvLayout layout = PLANTS.find("plant-1000").orElseThrow().inboundFor("export.csv").orElseThrow().csv();
    private final ConfirmationCsvParser parser = new ConfirmationCsvParser(layout, "1000");

    @Test
    void readsPlant1000sSampleWithBomDecimalCommaGroupingLocalTimeAndUnitMap() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("src/test/resources/samples/confirmation/input/plant-1000-confirmations.csv"));
        ParseResult<ProductionConfirmation> result = parser.parse(sample);
        assertThat(result.rejected()).isEmpty();
        assertThat(result.records()).isEqualTo(3);
        ProductionConfirmation first = result.accepted().get(0).value();
        assertThat(first.order()).isEqualTo("1000001");
        assertThat(first.operation()).isEqualTo("0010");
        assertThat(first.plant()).isEqualTo("1000");
        assertThat(first.workCenter()).isEqualTo("ASSY-01");
        assertThat(first.yield()).isEqualByComparingTo("95");
        assertThat(first.scrap()).isEqualByComparingTo("5");
        assertThat(first.rework()).isEqualByComparingTo("0");
        assertThat(first.unit()).isEqualTo("PCE");
        assertThat(first.finalConfirmation()).isFalse();
        assertThat(first.executionStart()).isEqualTo(OffsetDateTime.parse("2026-11-26T06:00:00+01:00"));
        assertThat(first.executionEnd()).isEqualTo(OffsetDateTime.parse("2026-11-26T08:30:00+01:00"));
        assertThat(first.personnel()).isEqualTo("4711");
        ProductionConfirmation second = result.accepted().get(1).value();
        assertThat(second.finalConfirmation()).isTrue();
        assertThat(second.scrap()).isEqualByComparingTo("2.5");
        assertThat(second.varianceReason()).isEqualTo("Z001");
        assertThat(result.accepted().get(2).value().yield()).isEqualByComparingTo(new BigDecimal("1250.5"));
        assertThat(result.accepted().get(2).location()).isEqualTo("row 3 (line 4)");
    }

    @Test
    void summerTimeIsTheLocalOffsetOfThatDay() {
        ProductionConfirmation c = parser.parse(csv(";1000001;10;ASSY-01;1;0;0;ST;;01.07.2026 06:00:00;01.07.2026 07:00:00;;"))
                .accepted().get(0).value();
        assertThat(c.executionEnd()).isEqualTo(OffsetDateTime.parse("2026-07-01T07:00:00+02:00"));
    }

    @Test
    void aBadRowNamesEveryBadFieldAndTheOtherRowsAreRead() {
        ParseResult<ProductionConfirmation> result = parser.parse(csv(
                ";1000001;10;ASSY-01;1;0;0;ST;;26.11.2026 06:00:00;26.11.2026 07:00:00;;",
                ";1000001;abc;ASSY-01;-4;1.5;0;XX;vielleicht;26.11.2026 06:00:00;gestern;;",
                ";1000002;10;ASSY-01;12345678901;0;0;ST;;26.11.2026 06:00:00;26.11.2026 05:00:00;;",
                ";1000003;10;ASSY-01;1,2345;0;0;ST;;26.11.2026 06:00:00;26.11.2026 07:00:00;;"));
        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected()).extracting(Rejection::location, Rejection::field, Rejection::reason).contains(
                org.assertj.core.groups.Tuple.tuple("row 2 (line 3)", "operation", "'abc' is not an operation number (1 to 4 digits)"),
                org.assertj.core.groups.Tuple.tuple("row 2 (line 3)", "yield", "'-4' is negative"),
                org.assertj.core.groups.Tuple.tuple("row 2 (line 3)", "scrap", "'1.5' is not a number in this plant's format (decimal ',', thousands '.' between groups of 3 digits)"),
                org.assertj.core.groups.Tuple.tuple("row 2 (line 3)", "end", "'gestern' is not a date and time in the pattern 'dd.MM.yyyy HH:mm:ss'"),
                org.assertj.core.groups.Tuple.tuple("row 3 (line 4)", "yield", "'12345678901' is larger than the ERP accepts (10 digits, 3 decimals)"),
                org.assertj.core.groups.Tuple.tuple("row 3 (line 4)", "end", "'26.11.2026 05:00:00' is before the start 26.11.2026 06:00:00"),
                org.assertj.core.groups.Tuple.tuple("row 4 (line 5)", "yield", "'1,2345' has more than 3 decimals"));
        assertThat(result.rejected()).filteredOn(r -> r.field() != null && r.field().equals("unit"))
                .singleElement().satisfies(r -> {
                    assertThat(r.column()).isEqualTo("Einheit");
                    assertThat(r.value()).isEqualTo("XX");
                    assertThat(r.order()).isEqualTo("1000001");
                });
        assertThat(result.rejected()).anyMatch(r -> "final".equals(r.field()) && r.value().equals("vielleicht"));
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsRefused() {
        ParseResult<ProductionConfirmation> result = parser.parse(csv(";1000001;10;ASSY-01;1;0"));
        assertThat(result.rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("expected 13 fields as in the header, found 6"));
    }

    @Test
    void wholeFileProblemsRefuseTheFile() {
        assertThatThrownBy(() -> parser.parse(("Auftrag,Vorgang,Gutmenge\n1000001,10,5\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("header lacks column(s)")
                .hasMessageContaining("is the delimiter ';' right?");
        assertThatThrownBy(() -> parser.parse((Plant1000Header.HEADER + "\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejectedException.class).hasMessage("file has a header but no data rows");
        assertThatThrownBy(() -> parser.parse(new byte[] {(byte) 0xC3, (byte) 0x28, 'a', '\n'}))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> parser.parse(new byte[] {'a', 0, 'b'}))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("binary");
    }

    private static byte[] csv(String... rows) {
        return (Plant1000Header.HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The header plant 1000 writes. */
    static final class Plant1000Header {
        static final String HEADER = io.meserp.hub.support.Plant1000Csv.HEADER;
    }

    static PlantDefinition plant(String id) {
        return PLANTS.find(id).orElseThrow();
    }
}
