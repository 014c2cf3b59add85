package io.meserp.hub.plant;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.PlantCheck;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CSV file read a slice at a time gives exactly what reading it whole gives (the same events, the same refusals at
 * the same rows and lines), holding one slice at a time; what cannot be cut at any line is read whole.
 */
class CsvSlicesTest {

    private static final PlantRegistry PLANTS = PlantCheck.registry(Path.of("mappings/plants"));
    private final PlantContentReader reader = new PlantContentReader(PLANTS, new EventValidator(PlantCheck.MAPPER),
            PlantCheck.MAPPER);
    private final PlantDefinition plant = PLANTS.find("plant-1000").orElseThrow();
    private final PlantDefinition.Inbound inbound = plant.inboundFor("rueckmeldungen-1.csv").orElseThrow();

    /** 450 rows of plant 1000 with bad rows, blank lines and CRLF line ends on both sides of slice boundaries. */
    private static byte[] fileWithProblems() {
        Plant1000Csv csv = Plant1000Csv.generate(450, 40, LocalDateTime.of(2026, 9, 14, 6, 0));
        List<String> lines = csv.lines();
        lines.set(4, lines.get(4).replaceFirst(";ST;", ";KISTE;"));
        // an unclosed quote in the slice's last row, and in the next one's first
        lines.set(99, lines.get(99).replace(";4711;", ";\"4711;"));
        lines.set(100, lines.get(100).replace(";4711;", ";\"4711;"));
        lines.set(250, "1000001;0010");
        lines.set(449, lines.get(449).replaceFirst(";4711;", ";4711;\"kaputt"));
        StringBuilder text = new StringBuilder("\n" + Plant1000Csv.HEADER + "\r\n");
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i)).append(i % 7 == 0 ? "\r\n" : "\n");
            if (i == 98 || i == 120 || i == 121) {
                text.append("\n");
            }
        }
        return text.append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Read(IntakeBatch file, List<NewEvent> events) {
    }

    private Read inSlices(byte[] content, int rowsPerSlice) throws Exception {
        IntakeBatch file = IntakeBatch.slices(plant.id(), "rueckmeldungen-1.csv", "confirmation");
        List<NewEvent> events = new ArrayList<>();
        boolean any = reader.readInSlices(plant, inbound, new ByteArrayInputStream(content), rowsPerSlice, 1 << 20, file, slice -> {
            events.addAll(slice.events());
            return slice;
        });
        assertThat(any).isTrue();
        return new Read(file, events);
    }

    @Test
    void slicesGiveTheEventsAndTheRefusalsOfTheWholeFileWithTheFilesRowAndLineNumbers() throws Exception {
        byte[] content = fileWithProblems();
        IntakeBatch whole = reader.read(plant, inbound, "rueckmeldungen-1.csv", content);
        for (int rows : new int[] {1, 7, 100, 101, 1000}) {
            Read sliced = inSlices(content, rows);
            assertThat(sliced.file().records()).as("records, slices of %d", rows).isEqualTo(whole.records());
            assertThat(sliced.events()).as("events, slices of %d", rows).isEqualTo(whole.events());
            assertThat(sliced.file().rejections()).as("refusals, slices of %d", rows).isEqualTo(whole.rejections());
        }
        assertThat(whole.records()).isEqualTo(450);
        assertThat(whole.rejections()).extracting(Rejection::location).contains("row 5 (line 7)", "row 100 (line 103)",
                "row 101 (line 104)", "row 251 (line 256)", "row 450 (line 455)");
        assertThat(whole.events()).hasSize(445);
    }

    @Test
    void aFileWithAHeaderOnlyHasNoSliceAndALineLongerThanAnyRowRefusesTheFileNamingTheLine() throws Exception {
        IntakeBatch file = IntakeBatch.slices(plant.id(), "x.csv", "confirmation");
        assertThat(reader.readInSlices(plant, inbound, new ByteArrayInputStream((Plant1000Csv.HEADER + "\n\n\r\n")
                .getBytes(StandardCharsets.UTF_8)), 100, 1 << 20, file, s -> s)).isFalse();

        byte[] endless = (Plant1000Csv.HEADER + "\n" + "x".repeat(300)).getBytes(StandardCharsets.UTF_8);
        CsvSlices slices = new CsvSlices(new ByteArrayInputStream(endless), 100, 200);
        assertThatThrownBy(slices::next).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining("line 2 is longer than 200 bytes");
    }

    @Test
    void aFileRefusedInALaterSliceSaysThatTheRowsBeforeAreQueuedAndRecognisedWhenDroppedAgain() {
        byte[] good = Plant1000Csv.generate(30, 5, LocalDateTime.of(2026, 9, 15, 6, 0)).bytes();
        byte[] content = new byte[good.length + 3];
        System.arraycopy(good, 0, content, 0, good.length);
        content[good.length] = (byte) 0xC3; // not UTF-8 followed by a letter
        content[good.length + 1] = 'x';
        content[good.length + 2] = '\n';
        IntakeBatch file = IntakeBatch.slices(plant.id(), "x.csv", "confirmation");
        assertThatThrownBy(() -> reader.readInSlices(plant, inbound, new ByteArrayInputStream(content), 10, 1 << 20, file, s -> {
            s.published(s.events().size(), 0);
            return s;
        })).isInstanceOf(FileRejectedException.class).hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in the rows after row 30; the 30 events of the rows before are queued");
    }

    @Test
    void onlyOneLinePerRecordCsvIsCutJsonUtf16AndMultiLineFieldsAreReadWhole() {
        CsvLayout csv = inbound.csv();
        assertThat(CsvSlices.sliceable(csv, "Auftrag;".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(CsvSlices.sliceable(csv, "[{\"a".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CsvSlices.sliceable(csv, new byte[] {(byte) 0xFF, (byte) 0xFE, 'A', 0})).isFalse();
        assertThat(CsvSlices.sliceable(csv, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'A'})).isTrue();
        CsvLayout multiline = new CsvLayout(csv.delimiter(), csv.charset(), csv.decimalSeparator(), csv.groupingSeparator(),
                csv.dateFormat(), csv.datePattern(), csv.timeZone(), csv.columns(), csv.units(), csv.trueValues(),
                csv.falseValues(), csv.defaults(), csv.values(), true, csv.maxFieldLength(), 0, 0);
        assertThat(CsvSlices.sliceable(multiline, "Auftrag;".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aFileWithMoreRefusedRowsThanAreKeptCountsTheRestInsteadOfHoldingThemAll() throws Exception {
        Plant1000Csv csv = Plant1000Csv.generate(IntakeBatch.MAX_KEPT_REJECTIONS + 50, 10, LocalDateTime.of(2026, 9, 16, 6, 0));
        for (int i = 0; i < csv.lines().size(); i++) {
            csv.replaceLine(i, "1000001;0010");
        }
        Read sliced = inSlices(csv.bytes(), 1000);
        assertThat(sliced.file().rejections()).hasSize(IntakeBatch.MAX_KEPT_REJECTIONS);
        assertThat(sliced.file().rejectedBeyond()).isEqualTo(50);
        assertThat(sliced.file().rejectedRecords()).isEqualTo(IntakeBatch.MAX_KEPT_REJECTIONS + 50);
    }
}
