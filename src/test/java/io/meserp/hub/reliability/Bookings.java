package io.meserp.hub.reliability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.ReliabilityRig;
import io.meserp.hub.support.SandboxErp;

import static org.assertj.core.api.Assertions.assertThat;

/** What the crash suites send and what they check the ERP holds at the end. */
public final class Bookings {

    private Bookings() {
    }

    /** {@code count} files of {@code rows} confirmations each, rows spread over the first {@code orders} seeded orders. */
    static List<Plant1000Csv> files(int count, int rows, int orders, LocalDate firstDay) {
        List<Plant1000Csv> files = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            files.add(Plant1000Csv.generate(rows, orders, firstDay.plusDays(3L * f).atTime(LocalTime.of(5, 0))));
        }
        return files;
    }

    static void drop(ReliabilityRig rig, List<Plant1000Csv> files) {
        for (int f = 0; f < files.size(); f++) {
            rig.drop("crash-" + System.nanoTime() + "-" + f + ".csv", files.get(f));
        }
    }

    /** Exactly the rows sent, each once, and per order and operation in the order the plant confirmed them. */
    public static void assertExactlyOnceAndInOrder(SandboxErp erp, List<Plant1000Csv> files, int total, int orders) {
        List<JsonNode> booked = erp.confirmations();
        assertThat(booked).hasSize(total);
        assertThat(booked.stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct().count())
                .as("distinct ExternalSystemConfirmation").isEqualTo(total);
        Map<String, Long> expected = new HashMap<>();
        files.forEach(f -> f.rows().forEach(r -> expected.merge(r.order() + "|" + r.operation() + "|"
                + r.yield().setScale(3) + "|" + r.end(), 1L, Long::sum)));
        Map<String, Long> actual = booked.stream().collect(Collectors.groupingBy(c -> c.path("OrderID").asText() + "|"
                + c.path("OrderOperation").asText() + "|" + new BigDecimal(c.path("ConfirmationYieldQuantity").asText())
                        .setScale(3) + "|" + end(c), Collectors.counting()));
        assertThat(actual).isEqualTo(expected);
        Map<String, List<JsonNode>> groups = booked.stream().collect(Collectors.groupingBy(
                c -> c.path("OrderID").asText() + "/" + c.path("OrderOperation").asText(), TreeMap::new, Collectors.toList()));
        assertThat(groups).hasSize(orders * 3);
        groups.forEach((group, list) -> {
            list.sort(Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())));
            List<LocalDateTime> ends = list.stream().map(Bookings::end).toList();
            assertThat(ends).as("confirmations of %s in the order the plant sent them", group).isSorted();
        });
    }

    public static LocalDateTime end(JsonNode c) {
        long millis = Long.parseLong(c.path("ConfirmedExecutionEndDate").asText().replaceAll("\\D", ""));
        LocalDate date = java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
        return date.atTime(LocalTime.MIDNIGHT.plus(Duration.parse(c.path("ConfirmedExecutionEndTime").asText())));
    }
}
