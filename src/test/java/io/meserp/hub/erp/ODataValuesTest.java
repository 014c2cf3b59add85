package io.meserp.hub.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class ODataValuesTest {

    @Test
    void anEdmTimeHasTwoDigitsForEachPartAndReadsBackAsTheSameTime() {
        assertThat(ODataValues.time(LocalTime.of(0, 5, 9))).isEqualTo("PT00H05M09S");
        assertThat(ODataValues.time(LocalTime.of(23, 59, 59))).isEqualTo("PT23H59M59S");
        assertThat(ODataValues.time(LocalTime.of(10, 30, 0, 999_000_000))).isEqualTo("PT10H30M00S");
        for (int second = 0; second < 24 * 3600; second += 7 * 60 + 13) {
            LocalTime time = LocalTime.ofSecondOfDay(second);
            assertThat(ODataValues.parseTime(ODataValues.time(time))).isEqualTo(time);
        }
    }
}
