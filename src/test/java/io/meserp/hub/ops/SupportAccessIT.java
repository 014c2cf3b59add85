package io.meserp.hub.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what on the support surfaces (every support operation as anonymous, viewer, operator and admin),
 * Hawtio's channel to JMX (viewers read and browse, only admins write, e.g. switch message tracing on), and the
 * OpenAPI description, which must name every /api operation the code has.
 */
class SupportAccessIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final LocalDateTime SHIFT = LocalDateTime.of(2026, 5, 4, 6, 0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** This test's Camel: other test contexts the JVM still caches register a BacklogTracer of their own. */
    @Autowired
    org.apache.camel.CamelContext camel;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    /**
     * A call and the status each role gets: anonymous, viewer, operator, admin. An anonymous write is refused before
     * authentication (403: no credentials, no CSRF token); an anonymous read is asked to log in (401).
     */
    record Case(String method, String path, String body, int anonymous, int viewer, int operator, int admin) {
    }

    @Test
    void everySupportOperationChecksTheRole() {
        HubApi api = new HubApi(port);
        List<Case> cases = List.of(
                new Case("GET", "/api/exceptions", null, 401, 200, 200, 200),
                new Case("GET", "/api/exceptions/999999", null, 401, 404, 404, 404),
                new Case("PUT", "/api/exceptions/999999/payload", "{}", 403, 403, 404, 404),
                new Case("POST", "/api/exceptions/999999/replay", null, 403, 403, 404, 404),
                new Case("POST", "/api/exceptions/999999/discard", "{\"reason\":\"test\"}", 403, 403, 404, 404),
                new Case("POST", "/api/orders/4999999/replay", null, 403, 403, 200, 200),
                new Case("GET", "/api/orders/4999999/trace", null, 401, 404, 404, 404),
                new Case("GET", "/api/messages", null, 401, 200, 200, 200),
                new Case("GET", "/api/kpis", null, 401, 200, 200, 200),
                new Case("GET", "/api/reconciliation", null, 401, 200, 200, 200),
                new Case("GET", "/api/reconciliation/latest", null, 401, 200, 200, 200),
                new Case("POST", "/api/reconciliation", "{\"plant\":\"plant-1000\",\"from\":\"2026-01-01T00:00:00Z\","
                        + "\"to\":\"2026-01-01T01:00:00Z\"}", 403, 403, 201, 201),
                new Case("GET", "/api/me", null, 401, 200, 200, 200),
                new Case("GET", "/ops/ops.js", null, 401, 200, 200, 200),
                new Case("GET", "/v3/api-docs", null, 401, 200, 200, 200),
                new Case("GET", "/actuator/prometheus", null, 401, 200, 200, 200),
                new Case("GET", "/actuator/hawtio/", null, 401, 200, 200, 200),
                new Case("GET", "/actuator/health", null, 200, 200, 200, 200));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            expected.put(null, c.anonymous());
            expected.put("viewer", c.viewer());
            expected.put("operator", c.operator());
            expected.put("admin", c.admin());
            expected.forEach((user, status) -> {
                int actual = api.status(user, c.method(), c.path(), c.body());
                if (actual != status) {
                    wrong.add(c.method() + " " + c.path() + " as " + (user == null ? "anonymous" : user) + ": expected "
                            + status + ", got " + actual);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void throughJolokiaViewersReadAndBrowseButOnlyAdminsWrite() {
        HubApi api = new HubApi(port);
        String tracer = first(api, "org.apache.camel:context=" + camel.getManagementName() + ",type=tracer,name=BacklogTracer,*");
        String queue = first(api, "org.apache.activemq.artemis:component=addresses,address=\"hub.confirmation\","
                + "subcomponent=queues,*");
        String enable = "{\"type\":\"write\",\"mbean\":\"" + escape(tracer) + "\",\"attribute\":\"Enabled\",\"value\":true}";
        String readTracer = "{\"type\":\"read\",\"mbean\":\"" + escape(tracer) + "\",\"attribute\":\"Enabled\"}";
        String browse = "{\"type\":\"exec\",\"mbean\":\"" + escape(queue) + "\",\"operation\":\"browse()\"}";
        String purge = "{\"type\":\"exec\",\"mbean\":\"" + escape(queue) + "\",\"operation\":\"removeAllMessages()\"}";
        String bulk = "[" + readTracer + "," + enable + "]";

        assertThat(jolokia(api, "viewer", readTracer).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(api, "viewer", browse).path("status").asInt()).isEqualTo(200);
        // Jolokia answers 200 and puts the policy's refusal in its own status (JolokiaPolicy; JolokiaAccessIT has the rest)
        assertThat(jolokia(api, "viewer", enable).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(api, "viewer", purge).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(api, "viewer", bulk).get(1).path("status").asInt()).isEqualTo(403);
        assertThat(api.json("viewer", "GET", "/actuator/jolokia/exec/"
                + java.net.URLEncoder.encode(queue, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "/removeAllMessages()", null, 200).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(api, "operator", enable).path("status").asInt()).isEqualTo(403);
        assertThat(api.status(null, "POST", "/actuator/jolokia", readTracer)).isEqualTo(403);

        // an admin switches Hawtio's message tracing on; the tracer is there because it is on standby
        assertThat(jolokia(api, "admin", enable).path("status").asInt()).isEqualTo(200);
        assertThat(jolokia(api, "viewer", readTracer).path("value").asBoolean()).isTrue();
        assertThat(jolokia(api, "admin", enable.replace("true}", "false}")).path("status").asInt()).isEqualTo(200);
    }

    /**
     * Hawtio's message tracer waits on standby: it captures nothing, and costs nothing per message, until an admin
     * switches it on. Camel's backlog tracer on standby captures every message at every step while message history is
     * on; the hub had both on, a twentieth of its CPU under load.
     */
    @Test
    void theMessageTracerCapturesNothingUntilAnAdminSwitchesItOn() {
        HubApi api = new HubApi(port);
        String tracer = first(api, "org.apache.camel:context=" + camel.getManagementName() + ",type=tracer,name=BacklogTracer,*");
        String counter = "{\"type\":\"read\",\"mbean\":\"" + escape(tracer) + "\",\"attribute\":\"TraceCounter\"}";
        String enable = "{\"type\":\"write\",\"mbean\":\"" + escape(tracer) + "\",\"attribute\":\"Enabled\",\"value\":%s}";
        long before = jolokia(api, "viewer", counter).path("value").asLong();
        long booked = erp.count();

        drop("plant-1000", "untraced.csv", Plant1000Csv.generate(10, 2, SHIFT).bytes());
        awaitBooked(booked + 10, Duration.ofMinutes(2));
        assertThat(jolokia(api, "viewer", counter).path("value").asLong()).as("messages traced on standby").isEqualTo(before);

        assertThat(jolokia(api, "admin", enable.formatted("true")).path("status").asInt()).isEqualTo(200);
        try {
            drop("plant-1000", "traced.csv", Plant1000Csv.generate(10, 2, SHIFT.plusDays(1)).bytes());
            awaitBooked(booked + 20, Duration.ofMinutes(2));
            assertThat(jolokia(api, "viewer", counter).path("value").asLong()).as("messages traced once switched on")
                    .isGreaterThan(before);
        } finally {
            jolokia(api, "admin", enable.formatted("false"));
        }
    }

    @Test
    void theOpenApiDescriptionNamesEveryApiOperationOfTheCode() {
        JsonNode doc = new HubApi(port).get("viewer", "/v3/api-docs");
        JsonNode paths = doc.path("paths");
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : e.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                    operations++;
                    if (paths.path(pattern).path(method.name().toLowerCase()).isMissingNode()) {
                        missing.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(14);
        assertThat(missing).isEmpty();
        assertThat(doc.path("info").path("title").asText()).isEqualTo("mes-erp-hub API");
        paths.fieldNames().forEachRemaining(p -> assertThat(p).startsWith("/api/"));
    }

    private static JsonNode jolokia(HubApi api, String user, String request) {
        return api.json(user, "POST", "/actuator/jolokia", request, 200);
    }

    private static String first(HubApi api, String pattern) {
        JsonNode found = jolokia(api, "viewer", "{\"type\":\"search\",\"mbean\":\"" + escape(pattern) + "\"}");
        assertThat(found.path("value")).as("MBeans matching " + pattern).hasSize(1);
        return found.path("value").get(0).asText();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
