package io.meserp.hub.reliability;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.exceptions.DeadLetters;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison message: the ERP fails every time on one confirmation (a 500 short dump for its order) while it books
 * everything else. After hub.erp.poison.max-attempts the message goes to the dead-letter queue and becomes an exception;
 * other orders keep flowing; the poisoned order's later confirmations are held behind it, in order, and follow it once
 * support replays it (booked) or discards it (never booked).
 */
class PoisonMessageIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final LocalDateTime DAY = LocalDateTime.of(2026, 10, 12, 6, 0);
    private static final int MAX_ATTEMPTS = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.erp.poison.max-attempts", () -> Integer.toString(MAX_ATTEMPTS));
        registry.add("hub.support.dead-letter-scan-interval", () -> "300");
    }

    @Autowired
    DeadLetters deadLetters;

    private HubApi api;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndItsOrderWaitsBehindItUntilItIsReplayed() {
        api = new HubApi(port);
        for (String order : List.of("4300001", "4300002", "4300003")) {
            erp.createOrder(order, true);
        }
        erp.faults("{\"shortDumpOrders\":[\"4300001\"]}");
        Plant1000Csv csv = new Plant1000Csv();
        csv.add("4300001", "0010", "ASSY-01", new BigDecimal("10"), BigDecimal.ZERO, DAY, DAY.plusMinutes(10));
        csv.add("4300002", "0010", "ASSY-01", new BigDecimal("20"), BigDecimal.ZERO, DAY, DAY.plusMinutes(10));
        csv.add("4300001", "0010", "ASSY-01", new BigDecimal("11"), BigDecimal.ZERO, DAY.plusMinutes(20), DAY.plusMinutes(30));
        csv.add("4300003", "0010", "ASSY-01", new BigDecimal("30"), BigDecimal.ZERO, DAY, DAY.plusMinutes(10));
        csv.add("4300002", "0010", "ASSY-01", new BigDecimal("21"), BigDecimal.ZERO, DAY.plusMinutes(20), DAY.plusMinutes(30));
        csv.add("4300001", "0010", "ASSY-01", new BigDecimal("12"), BigDecimal.ZERO, DAY.plusMinutes(40), DAY.plusMinutes(50));
        drop("plant-1000", "poison.csv", csv.bytes());

        // the poison event is dead-lettered after the configured attempts and becomes an exception
        JsonNode poison = awaitOneOpen("4300001");
        assertThat(poison.path("origin").asText()).isEqualTo("dlq");
        assertThat(poison.path("deadLetterQueue").asText()).isEqualTo("DLQ.hub.confirmation");
        assertThat(poison.path("reason").asText()).contains("dead-lettered").contains("failed " + MAX_ATTEMPTS + " times")
                .contains("CONVT_NO_NUMBER");
        assertThat(poison.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(deadLetters.contains("DLQ.hub.confirmation", poison.path("deadLetterMessageId").asText())).isTrue();
        String poisonId = poison.path("eventId").asText();

        // other orders kept flowing; the poisoned order's later events wait behind it, none booked
        await().atMost(LONG).until(() -> erp.count() == 3 && held("4300001") == 2);
        assertThat(booked("4300002")).containsExactly(20, 21);
        assertThat(booked("4300003")).containsExactly(30);
        assertThat(booked("4300001")).isEmpty();
        assertThat(jdbc.queryForList("SELECT held_behind FROM hub_event WHERE order_no = '4300001' AND status = 'HELD'",
                String.class)).containsOnly(poisonId);
        JsonNode trace = api.get("viewer", "/api/orders/4300001/trace");
        assertThat(trace.path("timeline").findValuesAsText("step")).contains("poisoned", "dead-lettered", "held");

        // an event of the order that arrives later waits too, behind the others
        Plant1000Csv later = new Plant1000Csv();
        later.add("4300001", "0010", "ASSY-01", new BigDecimal("13"), BigDecimal.ZERO, DAY.plusHours(1), DAY.plusHours(1).plusMinutes(10));
        later.add("4300002", "0010", "ASSY-01", new BigDecimal("22"), BigDecimal.ZERO, DAY.plusHours(1), DAY.plusHours(1).plusMinutes(10));
        drop("plant-1000", "poison-later.csv", later.bytes());
        await().atMost(LONG).until(() -> erp.count() == 4 && held("4300001") == 3);
        assertThat(booked("4300001")).isEmpty();

        // the ERP's order is repaired; the replay books the poison event, then what waited, in the plant's order
        erp.clearFaults();
        api.json("operator", "POST", "/api/exceptions/" + poison.path("id").asLong() + "/replay", null, 200);
        await().atMost(LONG).until(() -> erp.count() == 8 && held("4300001") == 0 && inFlight() == 0);
        assertThat(booked("4300001")).containsExactly(10, 11, 12, 13);
        assertThat(deadLetters.browse()).isEmpty();
        assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct().count())
                .isEqualTo(8);
    }

    @Test
    void discardingThePoisonMessageReleasesTheEventsHeldBehindIt() {
        api = new HubApi(port);
        erp.createOrder("4300004", true);
        erp.faults("{\"shortDumpOrders\":[\"4300004\"]}");
        Plant1000Csv csv = new Plant1000Csv();
        for (int i = 0; i < 4; i++) {
            LocalDateTime start = DAY.plusHours(i);
            csv.add("4300004", "0010", "ASSY-01", new BigDecimal(40 + i), BigDecimal.ZERO, start, start.plusMinutes(30));
        }
        drop("plant-1000", "poison-discard.csv", csv.bytes());
        JsonNode poison = awaitOneOpen("4300004");
        await().atMost(LONG).until(() -> held("4300004") == 3);
        assertThat(erp.count()).isZero();

        erp.clearFaults();
        api.json("operator", "POST", "/api/exceptions/" + poison.path("id").asLong() + "/discard",
                "{\"reason\":\"confirmed by hand in the ERP after the order was repaired\"}", 200);
        await().atMost(LONG).until(() -> erp.count() == 3 && held("4300004") == 0 && inFlight() == 0);
        assertThat(booked("4300004")).containsExactly(41, 42, 43);
        assertThat(deadLetters.browse()).isEmpty();
        assertThat(api.get("viewer", "/api/orders/4300004/trace").path("timeline").findValuesAsText("step"))
                .contains("discarded", "released");
    }

    private JsonNode awaitOneOpen(String order) {
        List<JsonNode> items = new ArrayList<>();
        await().atMost(LONG).until(() -> {
            items.clear();
            api.get("viewer", "/api/exceptions?order=" + order).path("items").forEach(items::add);
            return items.size() == 1;
        });
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private long held(String order) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE order_no = ? AND status = 'HELD'", Long.class, order);
    }

    /** The order's booked yields in the ERP's confirmation counter order (the order it booked them in). */
    private List<Integer> booked(String order) {
        List<JsonNode> list = new ArrayList<>(erp.confirmations().stream()
                .filter(c -> c.path("OrderID").asText().equals(order)).toList());
        list.sort(Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())));
        return list.stream().map(c -> new BigDecimal(c.path("ConfirmationYieldQuantity").asText()).intValue()).toList();
    }
}
