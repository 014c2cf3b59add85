package io.meserp.hub.plant;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import io.meserp.hub.confirmation.ConfirmationCsvParser;
import io.meserp.hub.confirmation.ProductionConfirmation;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.TestPlants;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One stray quote must not swallow a file (before: 1,000 rows read as 3 records, 997 merged into one value): the row that opens a quote and does not close it on its line is refused
 * with the lines it would have run over named, and reading goes on after it; a field over its length limit is refused
 * by name.
 */
class CsvReaderTest {

    private static final PlantRegistry PLANTS = TestPlants.registry(Path.of("mappings/plants"));
    private final ConfirmationCsvParser parser = new ConfirmationCsvParser(
            PLANTS.find("plant-1000").orElseThrow().inboundFor("export.csv").orElseThrow().csv(), "1000");

    @Test
    void aStrayQuoteRefusesItsRowAndTheRowsAfterItStillCount() {
        Plant1000Csv csv = Plant1000Csv.generate(1000, 50, LocalDateTime.of(2026, 10, 1, 6, 0));
        // row 2 opens a quote in the personnel number, row 999 closes one: 997 rows between
        csv.replaceLine(1, csv.lines().get(1).replace(";4711;", ";\"4711;"));
        csv.replaceLine(998, csv.lines().get(998).replace(";4711;", ";4711\";"));

        ParseResult<ProductionConfirmation> result = parser.parse(csv.bytes());

        assertThat(result.records()).isEqualTo(1000);
        // the closing quote of row 999 stands inside an unquoted field: CSV reads it as a character of the value
        assertThat(result.accepted()).hasSize(999);
        assertThat(result.rejected()).extracting(Rejection::location).containsExactly("row 2 (line 3)");
        assertThat(result.rejected().get(0).reason()).contains("line 3").contains("reading goes on at line 4");
        assertThat(result.accepted().get(1).location()).isEqualTo("row 3 (line 4)");
        assertThat(result.accepted().get(998).location()).isEqualTo("row 1000 (line 1001)");
    }

    @Test
    void aQuoteLeftOpenUntilTheEndOfTheFileRefusesOnlyItsRow() {
        Plant1000Csv csv = Plant1000Csv.generate(10, 5, LocalDateTime.of(2026, 10, 1, 6, 0));
        csv.replaceLine(7, csv.lines().get(7).replace(";4711;", ";\"4711;"));

        ParseResult<ProductionConfirmation> result = parser.parse(csv.bytes());

        assertThat(result.records()).isEqualTo(10);
        assertThat(result.accepted()).hasSize(9);
        assertThat(result.rejected()).extracting(Rejection::location).containsExactly("row 8 (line 9)");
    }

    @Test
    void aFieldOverItsLengthLimitIsRefusedByName() {
        Plant1000Csv csv = Plant1000Csv.generate(3, 3, LocalDateTime.of(2026, 10, 1, 6, 0));
        csv.replaceLine(1, csv.lines().get(1).replace(";4711;", ";" + "9".repeat(300) + ";"));

        ParseResult<ProductionConfirmation> result = parser.parse(csv.bytes());

        assertThat(result.accepted()).hasSize(2);
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("row 2 (line 3)");
            assertThat(r.column()).isEqualTo("Personalnummer");
            assertThat(r.reason()).contains("300 characters").contains("255");
        });
    }

    @Test
    void blankLinesDoNotShiftRowsOrLines() {
        String text = Plant1000Csv.HEADER + "\n\n" + String.join("\n",
                Plant1000Csv.generate(2, 2, LocalDateTime.of(2026, 10, 1, 6, 0)).lines()) + "\n";
        List<Parsed<ProductionConfirmation>> accepted = parser.parse(text.getBytes(StandardCharsets.UTF_8)).accepted();
        assertThat(accepted).extracting(Parsed::location).containsExactly("row 1 (line 3)", "row 2 (line 4)");
    }

    // JSON records read with the same mapping (issue 11): member names are the mapping's columns

    private static final String RECORD = "{\"Auftrag\": \"1000009\", \"Vorgang\": 10, \"Arbeitsplatz\": \"ASSY-01\", %s,"
            + " \"Einheit\": \"ST\", \"Start\": \"01.10.2026 06:00:00\", \"Ende\": \"01.10.2026 07:00:00\"}";

    private ParseResult<ProductionConfirmation> json(String text) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonNumberHasADecimalPointAndAStringThePlantsConvention() {
        ParseResult<ProductionConfirmation> result = json("[" + RECORD.formatted("\"Gutmenge\": 12.5") + ",\n"
                + RECORD.formatted("\"Gutmenge\": \"1.012,5\", \"Endrückmeldung\": true") + ",\n"
                + RECORD.formatted("\"Gutmenge\": 3, \"Endrückmeldung\": \"X\"") + "]");
        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(p -> p.value().yield().stripTrailingZeros().toPlainString())
                .containsExactly("12.5", "1012.5", "3");
        assertThat(result.accepted()).extracting(p -> p.value().finalConfirmation()).containsExactly(false, true, true);
        assertThat(result.accepted()).extracting(Parsed::location)
                .containsExactly("record 1 (line 1)", "record 2 (line 2)", "record 3 (line 3)");
    }

    @Test
    void aSingleJsonObjectIsOneRecord() {
        ParseResult<ProductionConfirmation> result = json(RECORD.formatted("\"Gutmenge\": 4"));
        assertThat(result.records()).isEqualTo(1);
        assertThat(result.accepted()).singleElement().satisfies(p -> assertThat(p.location()).isEqualTo("record (line 1)"));
    }

    @Test
    void anUnknownMemberANestedValueOrANonObjectRefusesItsRecordByNameAndTheOthersAreRead() {
        ParseResult<ProductionConfirmation> result = json("[" + RECORD.formatted("\"Gutmenge\": 1, \"Charge\": \"B1\"") + ",\n"
                + RECORD.formatted("\"Gutmenge\": [1, 2]") + ",\n\"just text\",\n"
                + RECORD.formatted("\"Gutmenge\": \"zwei\"") + ",\n"
                + RECORD.formatted("\"Gutmenge\": 2") + "]");
        assertThat(result.records()).isEqualTo(5);
        assertThat(result.accepted()).extracting(Parsed::location).containsExactly("record 5 (line 5)");
        assertThat(result.rejected()).extracting(Rejection::location)
                .containsExactly("record 1 (line 1)", "record 2 (line 2)", "record 3 (line 3)", "record 4 (line 4)");
        assertThat(result.rejected().get(0).reason()).contains("'Charge' is not a column");
        assertThat(result.rejected().get(1).reason()).contains("'Gutmenge' is a nested JSON array");
        assertThat(result.rejected().get(2).reason()).contains("is a JSON string");
        assertThat(result.rejected().get(3).value()).isEqualTo("zwei");
        assertThat(result.rejected().get(3).order()).isEqualTo("1000009");
    }

    @Test
    void brokenOrEmptyJsonRefusesTheWholeContentSayingWhy() {
        assertThatThrownBy(() -> json("[]")).isInstanceOf(FileRejectedException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> json("[" + RECORD.formatted("\"Gutmenge\": 1")))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> json(RECORD.formatted("\"Gutmenge\": 1") + " {}"))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("more after its first object");
        assertThatThrownBy(() -> json("{\"Auftrag\": \"1\", \"Gutmenge\": 1,"))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("line 1");
        // a member twice: which value counts would be a guess
        assertThatThrownBy(() -> json(RECORD.formatted("\"Gutmenge\": 1, \"Gutmenge\": 2")))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("Duplicate field 'Gutmenge'");
    }

    @Test
    void aNumberWithAHugeExponentIsRefusedNotExpanded() {
        ParseResult<ProductionConfirmation> result = json(RECORD.formatted("\"Gutmenge\": 1e999999"));
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("yield");
            assertThat(r.value()).hasSizeLessThan(20);
        });
    }
}
