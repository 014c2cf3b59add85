package io.meserp.hub.plant;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order in which a plant's waiting files are taken: oldest first, then by name with numbers read as numbers. */
class PlantFileOrderTest {

    private final PlantFileOrder order = new PlantFileOrder();

    @Test
    void filesOfTheSameMillisecondAreTakenByNameWithNumbersComparedByValue() {
        List<GenericFile<?>> files = new ArrayList<>();
        for (String name : List.of("shift-10.csv", "shift-9.csv", "shift-100.csv", "shift-11.csv", "shift-2.csv")) {
            files.add(file(name, 1_000));
        }
        files.sort(order);
        assertThat(files).extracting(GenericFile::getFileNameOnly)
                .containsExactly("shift-2.csv", "shift-9.csv", "shift-10.csv", "shift-11.csv", "shift-100.csv");
    }

    @Test
    void anOlderFileComesFirstWhateverItsName() {
        List<GenericFile<?>> files = new ArrayList<>(List.of(file("a-1.csv", 2_000), file("z-9.csv", 1_000)));
        files.sort(order);
        assertThat(files).extracting(GenericFile::getFileNameOnly).containsExactly("z-9.csv", "a-1.csv");
    }

    @Test
    void namesAreComparedPieceByPiece() {
        assertThat(PlantFileOrder.compareNames("line2-run10.csv", "line2-run9.csv")).isPositive();
        assertThat(PlantFileOrder.compareNames("line10-run1.csv", "line9-run2.csv")).isPositive();
        assertThat(PlantFileOrder.compareNames("a.csv", "b.csv")).isNegative();
        assertThat(PlantFileOrder.compareNames("f-2", "f-2.csv")).isNegative();
        // longer than a long: still by value
        assertThat(PlantFileOrder.compareNames("r-99999999999999999999999", "r-100000000000000000000000")).isNegative();
        // equal by value, different names: never the same (a sort would lose neither), and the same both ways round
        assertThat(PlantFileOrder.compareNames("f-01", "f-1")).isNotZero()
                .isEqualTo(-PlantFileOrder.compareNames("f-1", "f-01"));
        assertThat(PlantFileOrder.compareNames("f-1", "f-1")).isZero();
    }

    private static GenericFile<File> file(String name, long modified) {
        GenericFile<File> file = new GenericFile<>();
        file.setFileNameOnly(name);
        file.setFileName(name);
        file.setLastModified(modified);
        return file;
    }
}
