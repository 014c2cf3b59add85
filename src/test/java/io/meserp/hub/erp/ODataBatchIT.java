package io.meserp.hub.erp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.support.HubTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OData {@code $batch} between the hub's S/4 client and the sandbox: a change set per booking, each booked or refused on
 * its own (a refused or dumping booking is only its own caller's failure), and creates that wait at the same moment
 * go together while a lone create goes alone.
 */
class ODataBatchIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final String SERVICE = ErpConfirmationClient.SERVICE;

    @Autowired
    private ODataClient odata;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private ObjectMapper mapper;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.erp.batch.services", () -> SERVICE);
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @AfterEach
    void clear() {
        erp.clearFaults();
    }

    private String confirmation(String order) {
        return "{\"OrderID\":\"" + order + "\",\"OrderOperation\":\"0010\",\"ConfirmationUnitISOCode\":\"PCE\","
                + "\"ConfirmationYieldQuantity\":\"1.000\",\"ConfirmationScrapQuantity\":\"0.000\","
                + "\"ConfirmationReworkQuantity\":\"0.000\",\"ConfirmedExecutionEndTime\":\"PT09H15M00S\","
                + "\"ExternalSystemConfirmation\":\"" + UUID.randomUUID() + "\"}";
    }

    private double counter(String name) {
        return meters.counter(name).count();
    }

    @Test
    void eachChangeSetIsBookedOrRefusedOnItsOwnAndAStaleCsrfTokenIsFetchedAgain() {
        long before = erp.count();
        erp.invalidateCsrfTokens();
        List<ODataBatch.Answer> answers = odata.postBatch(SERVICE, "ProdnOrdConf2",
                List.of(confirmation("1000001"), confirmation("1000999"), confirmation("1000002")));
        assertThat(answers).extracting(ODataBatch.Answer::status).containsExactly(201, 400, 201);
        assertThat(answers.get(1).body()).contains("RU/101").contains("1000999");
        assertThat(answers.get(0).body()).contains("\"OrderID\":\"1000001\"");
        assertThat(erp.count()).isEqualTo(before + 2);
    }

    @Test
    void aChangeSetIsBookedAllOrNothingAndTheNextOneIsBookedAllTheSame() {
        long before = erp.count();
        // change set 1: a booking and a refused one (unknown order); change set 2: a booking
        String goesBack = confirmation("1000001");
        String booked = confirmation("1000002");
        String body = "--b\r\nContent-Type: multipart/mixed; boundary=c1\r\n\r\n" + part("c1", goesBack)
                + part("c1", confirmation("1000999")) + "--c1--\r\n\r\n"
                + "--b\r\nContent-Type: multipart/mixed; boundary=c2\r\n\r\n" + part("c2", booked)
                + "--c2--\r\n\r\n--b--\r\n";
        var response = erp.batch(SERVICE, "multipart/mixed; boundary=b", body);
        assertThat(response.statusCode()).isEqualTo(202);
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        List<ODataBatch.Answer> answers = ODataBatch.answers(contentType,
                response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), 2);
        assertThat(answers).extracting(ODataBatch.Answer::status).containsExactly(400, 201);
        assertThat(answers.get(0).body()).contains("1000999");
        // the first change set's booking went back with its refused neighbour; the second's is booked
        assertThat(erp.count()).isEqualTo(before + 1);
        assertThat(erp.confirmations()).extracting(c -> c.path("ExternalSystemConfirmation").asText())
                .doesNotContain(externalId(goesBack)).contains(externalId(booked));
    }

    private String externalId(String entity) {
        try {
            return mapper.readTree(entity).path("ExternalSystemConfirmation").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String changeSet, String entity) {
        return "--" + changeSet + "\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "POST ProdnOrdConf2 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n" + entity + "\r\n";
    }

    @Test
    void createsThatWaitTogetherGoAsOneBatchEachCallerGetsItsOwnAnswerAndALoneCreateGoesAlone() throws Exception {
        long before = erp.count();
        double batchesBefore = counter("hub_erp_batch_requests_total");
        double batchedBefore = counter("hub_erp_batched_creates_total");
        JsonNode lone = odata.post(SERVICE, "ProdnOrdConf2", mapper.readTree(confirmation("1000003")));
        assertThat(lone.path("ConfirmationGroup").asText()).isNotEmpty();
        assertThat(counter("hub_erp_batch_requests_total")).as("a lone create is a plain POST").isEqualTo(batchesBefore);

        // every request waits 300 ms in the sandbox: 12 callers, 8 requests on their way at most (hub.erp.batch.parallel),
        // so at least the last 4 creates wait for a slot and go together
        erp.faults("{\"latencyMs\": 300, \"shortDumpOrders\": [\"1000004\"]}");
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String order = i == 5 ? "1000004" : i % 2 == 0 ? "1000001" : "1000002";
            String body = confirmation(order);
            results.add(pool.submit(() -> {
                go.await();
                return odata.post(SERVICE, "ProdnOrdConf2", mapper.readTree(body));
            }));
        }
        go.countDown();
        int booked = 0;
        for (int i = 0; i < callers; i++) {
            Future<JsonNode> result = results.get(i);
            if (i == 5) {
                assertThatThrownBy(result::get).hasCauseInstanceOf(ErpServerErrorException.class)
                        .hasMessageContaining("CONVT_NO_NUMBER");
            } else {
                assertThat(result.get().path("OrderID").asText()).isEqualTo(i % 2 == 0 ? "1000001" : "1000002");
                booked++;
            }
        }
        pool.shutdown();
        assertThat(erp.count()).isEqualTo(before + 1 + booked);
        assertThat(counter("hub_erp_batch_requests_total")).as("batches sent").isGreaterThan(batchesBefore);
        assertThat(counter("hub_erp_batched_creates_total") - batchedBefore).as("creates that went in a batch")
                .isGreaterThanOrEqualTo(2 * (counter("hub_erp_batch_requests_total") - batchesBefore));
    }
}
