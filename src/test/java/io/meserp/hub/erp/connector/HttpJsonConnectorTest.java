package io.meserp.hub.erp.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.meserp.hub.erp.ErpAmbiguousException;
import io.meserp.hub.erp.ErpRejectedException;
import io.meserp.hub.erp.ErpServerErrorException;
import io.meserp.hub.erp.ErpUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The http-json connector against a scripted HTTP peer: templates build each step's request from the event and the
 * answers before it; the error table and the status say whether the ERP refused, was unavailable or may have booked;
 * the connector's formats are checked before any call; a connector.yaml with a mistake stops the hub naming the key.
 */
class HttpJsonConnectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private HttpServer server;
    /** Route steps: none in most tests; a real Camel context where a test loads routes. */
    private RouteSteps routes = new RouteSteps(null, MAPPER);
    private final Deque<String[]> answers = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger tokens = new java.util.concurrent.atomic.AtomicInteger();
    private final MockEnvironment environment = new MockEnvironment().withProperty("ERP_USER", "hub").withProperty("ERP_PASSWORD", "s3cret-enough");

    private static final String YAML = """
            type: http-json
            base-url: http://127.0.0.1:${PORT}/rpc/
            auth: {type: basic, user-env: ERP_USER, password-env: ERP_PASSWORD}
            formats:
              order: "^[0-9]{1,6}$"
            errors:
              - when: 'body.error = "no such order"'
                kind: rejected
                message: '"order " & event.order & " unknown"'
              - status: "200"
                when: '$exists(body.error)'
                kind: server-error
            capabilities:
              confirmation:
                lookup: key
                create:
                  steps:
                    - name: found
                      write: false
                      request: '{"body": {"method": "find", "params": [event.order]}}'
                    - name: book
                      when: 'found.body.result.open'
                      request: |
                        {"body": {"method": "book", "params": [found.body.result.id, event.yield, eventId,
                                  local.executionEnd.date, local.executionEnd.time]}}
                  document: '$string(book.body.result)'
                find:
                  steps:
                    - name: search
                      write: false
                      request: '{"method": "GET", "path": "bookings?key=" & eventId}'
                  document: 'search.body[0].number'
            """;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // an OAuth 2 token endpoint: a new token each time, for the client hub-client:client-secret only
        server.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean client = ("Basic " + java.util.Base64.getEncoder().encodeToString("hub-client:client-secret"
                    .getBytes(StandardCharsets.UTF_8))).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] out = (client && form.startsWith("grant_type=client_credentials")
                    ? "{\"access_token\": \"T" + tokens.incrementAndGet() + "\", \"expires_in\": 3600}"
                    : "{\"error\": \"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(client ? 200 : 401, out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
        });
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] in = exchange.getRequestBody().readAllBytes();
            synchronized (requests) {
                requests.add(in.length == 0 ? MAPPER.createObjectNode().put("uri", exchange.getRequestURI().toString())
                        : MAPPER.readTree(in));
            }
            String[] answer = answers.poll();
            if (answer == null) {
                answer = new String[] {"500", "{\"error\": \"no answer scripted\"}"};
            }
            byte[] out = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer.length > 2) {
                exchange.getResponseHeaders().add("Retry-After", answer[2]);
            }
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ErpConnector connector(String yaml) throws IOException {
        Path dir = Files.createTempDirectory("connector").resolve("demo-erp");
        Files.createDirectories(dir);
        Path file = dir.resolve("connector.yaml");
        Files.writeString(file, yaml.replace("${PORT}", Integer.toString(server.getAddress().getPort())));
        return HttpJsonConfig.load("demo-erp", file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), MAPPER,
                environment, routes);
    }

    private static JsonNode event(String order) {
        return MAPPER.createObjectNode().put("order", order).put("yield", 12.5)
                .put("executionEnd", "2026-11-30T07:30:00Z");
    }

    @Test
    void stepsSeeTheEventTheLocalTimesAndTheAnswersBeforeThem() throws IOException {
        answers.add(new String[] {"200", "{\"result\": {\"id\": 77, \"open\": true}}"});
        answers.add(new String[] {"200", "{\"result\": 4711}"});
        ErpConnector erp = connector(YAML);

        assertThat(erp.create(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN).number()).isEqualTo("4711");
        assertThat(requests.get(1).toString()).isEqualTo(
                "{\"method\":\"book\",\"params\":[77,12.5,\"ev-1\",\"2026-11-30\",\"08:30:00\"]}");
    }

    @Test
    void aStepWhoseConditionFailsIsNotSentAndNoDocumentIsAFailureOfTheMapping() throws IOException {
        answers.add(new String[] {"200", "{\"result\": {\"id\": 77, \"open\": false}}"});
        ErpConnector erp = connector(YAML);
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev-2", event("1001"), BERLIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gave no document number");
        assertThat(requests).hasSize(1);
    }

    @Test
    void theErrorTableAndTheStatusSayWhatAFailureMeans() throws IOException {
        ErpConnector erp = connector(YAML);
        answers.add(new String[] {"200", "{\"error\": \"no such order\"}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpRejectedException.class).hasMessageContaining("order 1002 unknown");
        // an error answer to a write: the ERP failed on it, and may have booked
        answers.add(new String[] {"200", "{\"result\": {\"id\": 1, \"open\": true}}"});
        answers.add(new String[] {"200", "{\"error\": \"deadlock\"}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpServerErrorException.class);
        // the same error to a read is the ERP being unavailable: nothing was written
        answers.add(new String[] {"200", "{\"error\": \"deadlock\"}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpUnavailableException.class);
        answers.add(new String[] {"503", "{}", "7"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOfSatisfying(ErpUnavailableException.class, e -> assertThat(e.retryAfter()).hasSeconds(7));
        // a rule without a status is about a successful answer: a 503 with the same body is still the ERP being away
        answers.add(new String[] {"503", "{\"error\": \"no such order\"}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpUnavailableException.class);
        answers.add(new String[] {"200", "{\"result\": {\"id\": 1, \"open\": true}}"});
        answers.add(new String[] {"504", "{}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpAmbiguousException.class);
        answers.add(new String[] {"422", "{\"detail\": \"quantity too high\"}"});
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("1002"), BERLIN))
                .isInstanceOf(ErpRejectedException.class).hasMessageContaining("quantity too high");
    }

    @Test
    void theErpsFormatsAreCheckedBeforeAnyCall() throws IOException {
        ErpConnector erp = connector(YAML);
        assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev", event("ABC-1234567"), BERLIN))
                .isInstanceOf(ErpRejectedException.class).hasMessageContaining("data.order: 'ABC-1234567' does not match")
                .hasMessageContaining("mappings/erp/demo-erp/connector.yaml");
        assertThat(requests).isEmpty();
    }

    @Test
    void findGivesTheDocumentOrNothing() throws IOException {
        ErpConnector erp = connector(YAML);
        answers.add(new String[] {"200", "[{\"number\": \"B-9\"}]"});
        answers.add(new String[] {"200", "[]"});
        assertThat(erp.find(Capability.CONFIRMATION, "ev-9", event("1001"), BERLIN)).hasValueSatisfying(d ->
                assertThat(d.number()).isEqualTo("B-9"));
        assertThat(erp.find(Capability.CONFIRMATION, "ev-9", event("1001"), BERLIN)).isEmpty();
        assertThat(requests.get(0).path("uri").asText()).isEqualTo("/rpc/bookings?key=ev-9");
    }

    @Test
    void withoutALookUpAnUncertainEventGoesToAPersonNotToASecondBooking() throws IOException {
        ErpConnector erp = connector(YAML.replace("lookup: key", "lookup: none"));
        assertThatThrownBy(() -> erp.find(Capability.CONFIRMATION, "ev", event("1001"), BERLIN))
                .isInstanceOf(ErpRejectedException.class).hasMessageContaining("has no look-up")
                .hasMessageContaining("check the ERP");
    }

    @Test
    void oauth2ClientCredentialsFetchATokenKeepItAndRenewItWhenTheErpRefusesIt() throws IOException {
        environment.withProperty("ERP_CLIENT", "hub-client").withProperty("ERP_SECRET", "client-secret");
        ErpConnector erp = connector(YAML.replace("auth: {type: basic, user-env: ERP_USER, password-env: ERP_PASSWORD}",
                "auth: {type: oauth2-client-credentials, token-url: \"http://127.0.0.1:${PORT}/token\","
                        + " client-id-env: ERP_CLIENT, client-secret-env: ERP_SECRET, scope: erp.write}"));
        answers.add(new String[] {"200", "[{\"number\": \"B-1\"}]"});
        answers.add(new String[] {"200", "[{\"number\": \"B-1\"}]"});
        erp.find(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN);
        erp.find(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN);
        assertThat(authorizations).containsExactly("Bearer T1", "Bearer T1");
        // the ERP refuses the token: the call fails as unavailable (retried), and the retry brings a new token
        answers.add(new String[] {"401", "{}"});
        assertThatThrownBy(() -> erp.find(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN))
                .isInstanceOf(ErpUnavailableException.class);
        answers.add(new String[] {"200", "[]"});
        assertThat(erp.find(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN)).isEmpty();
        assertThat(authorizations).containsExactly("Bearer T1", "Bearer T1", "Bearer T1", "Bearer T2");
        // a token endpoint that refuses the client leaves the ERP unavailable: the events wait
        environment.withProperty("ERP_SECRET", "wrong-secret");
        ErpConnector wrong = connector(YAML.replace("auth: {type: basic, user-env: ERP_USER, password-env: ERP_PASSWORD}",
                "auth: {type: oauth2-client-credentials, token-url: \"http://127.0.0.1:${PORT}/token\","
                        + " client-id-env: ERP_CLIENT, client-secret-env: ERP_SECRET}"));
        assertThatThrownBy(() -> wrong.find(Capability.CONFIRMATION, "ev-1", event("1001"), BERLIN))
                .isInstanceOf(ErpUnavailableException.class).hasMessageContaining("token endpoint");
    }

    @Test
    void bookingsForReconciliationAreReadAndMappedToTheContract() throws IOException {
        String yaml = YAML + """
              booked-orders:
                read:
                  steps:
                    - {name: days, write: false, request: '{"body": {"method": "orders", "params": [plant, from, to]}}'}
                  result: 'days.body.result'
              confirmation-bookings:
                read:
                  steps:
                    - {name: moves, write: false, request: '{"body": {"method": "moves", "params": [order]}}'}
                  result: |
                    moves.body.result.{"document": "move " & $string(id), "key": note, "operation": "0010",
                      "yield": kind = "yield" ? qty : 0, "scrap": kind = "scrap" ? qty : 0, "unit": "PCE", "end": at}
              movement-bookings:
                read:
                  steps:
                    - {name: issues, write: false, request: '{"body": {"method": "issues", "params": [order]}}'}
                  result: 'issues.body.result.{"document": doc, "material": item, "movementType": "261", "quantity": qty}'
            """;
        answers.add(new String[] {"200", "{\"result\": [\"1002\", \"1001\"]}"});
        answers.add(new String[] {"200", "{\"result\": [{\"id\": 5, \"kind\": \"yield\", \"qty\": 40, \"note\": \"ev-9\","
                + " \"at\": \"2026-11-30T08:15:00\"}, {\"id\": 6, \"kind\": \"scrap\", \"qty\": \"1.5\"}]}"});
        answers.add(new String[] {"200", "{\"result\": {\"doc\": \"D1\", \"item\": \"M-7\", \"qty\": 3}}"});
        answers.add(new String[] {"200", "{\"result\": [{\"item\": \"M-7\", \"qty\": 3}]}"});
        ErpConnector erp = connector(yaml);

        assertThat(erp.capabilities()).contains(Capability.BOOKED_ORDERS, Capability.CONFIRMATION_BOOKINGS,
                Capability.MOVEMENT_BOOKINGS);
        assertThat(erp.bookedOrders("4000", java.time.LocalDate.parse("2026-11-30"), java.time.LocalDate.parse("2026-11-30")))
                .containsExactly("1001", "1002");
        assertThat(requests.get(0).toString()).isEqualTo("{\"method\":\"orders\",\"params\":[\"4000\",\"2026-11-30\",\"2026-11-30\"]}");
        assertThat(erp.confirmations("1001")).containsExactly(
                new ErpConnector.BookedConfirmation("move 5", "ev-9", "0010", new java.math.BigDecimal("40"),
                        java.math.BigDecimal.ZERO, "PCE", java.time.LocalDateTime.parse("2026-11-30T08:15:00")),
                new ErpConnector.BookedConfirmation("move 6", "", "0010", java.math.BigDecimal.ZERO,
                        new java.math.BigDecimal("1.5"), "PCE", null));
        // one match is read as a list of one
        assertThat(erp.movements("1001")).extracting(ErpConnector.BookedMovement::document).containsExactly("D1");
        // an item without its document is a mistake of the mapping, said by name
        assertThatThrownBy(() -> erp.movements("1001")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("movement-bookings.read.result gave an item without document");
    }

    /**
     * A step a template cannot express is a Camel route of the connector (a route file, here camel-http to the ERP): its
     * reply is the step's answer and goes through the same error table and meanings as a call the connector makes.
     */
    @Test
    void aRouteStepIsCalledInsideTheSameGuarantees() throws Exception {
        int port = server.getAddress().getPort();
        String routeYaml = """
                - route:
                    id: erp-demo-erp-book
                    from:
                      uri: direct:erp.demo-erp.book
                      steps:
                        - setHeader: {name: CamelHttpMethod, constant: POST}
                        - to: "http://127.0.0.1:PORT/rpc/book"
                - route:
                    id: erp-demo-erp-down
                    from:
                      uri: direct:erp.demo-erp.down
                      steps:
                        - to: "http://127.0.0.1:1/nothing-listens-here"
                """.replace("PORT", Integer.toString(port));
        String yaml = """
                type: http-json
                base-url: http://127.0.0.1:${PORT}/rpc/
                errors:
                  - status: "409"
                    when: 'step = "book"'
                    kind: rejected
                    message: '"the ERP closed order " & event.order'
                capabilities:
                  confirmation:
                    lookup: none
                    create:
                      steps:
                        - name: book
                          route: direct:erp.demo-erp.book
                          request: '{"order": event.order, "qty": event.yield}'
                      document: 'book.body.number'
                  movement:
                    lookup: none
                    create:
                      steps:
                        - {name: down, route: direct:erp.demo-erp.down}
                      document: '"never"'
                """;
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            Path routeFile = Files.createTempFile("erp-demo", ".camel.yaml");
            Files.writeString(routeFile, routeYaml);
            org.apache.camel.support.PluginHelper.getRoutesLoader(camel).loadRoutes(
                    org.apache.camel.support.ResourceHelper.resolveResource(camel, "file:" + routeFile));
            // as the hub's application.yaml does: the hub decides about retries, not the HTTP client
            camel.getComponent("http", org.apache.camel.component.http.HttpComponent.class).setAutomaticRetriesDisabled(true);
            camel.start();
            routes = new RouteSteps(camel.createProducerTemplate(), MAPPER);
            ErpConnector erp = connector(yaml);

            answers.add(new String[] {"200", "{\"number\": \"D-1\"}"});
            assertThat(erp.create(Capability.CONFIRMATION, "ev-r1", event("1001"), BERLIN).number()).isEqualTo("D-1");
            assertThat(requests.get(0).toString()).isEqualTo("{\"order\":\"1001\",\"qty\":12.5}");

            answers.add(new String[] {"503", "{}", "7"});
            assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev-r2", event("1001"), BERLIN))
                    .isInstanceOfSatisfying(ErpUnavailableException.class, e -> assertThat(e.retryAfter()).hasSeconds(7));
            answers.add(new String[] {"409", "{\"error\": \"closed\"}"});
            assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev-r3", event("1001"), BERLIN))
                    .isInstanceOf(ErpRejectedException.class).hasMessageContaining("the ERP closed order 1001");
            answers.add(new String[] {"500", "{}"});
            assertThatThrownBy(() -> erp.create(Capability.CONFIRMATION, "ev-r4", event("1001"), BERLIN))
                    .isInstanceOf(io.meserp.hub.erp.ErpServerErrorException.class);
            // nothing listens: the ERP is unavailable, not a failure of the event
            assertThatThrownBy(() -> erp.create(Capability.MOVEMENT, "ev-r5", event("1001"), BERLIN))
                    .isInstanceOf(ErpUnavailableException.class).hasMessageContaining("direct:erp.demo-erp.down");
            assertThat(((HttpJsonConnector) erp).routes()).containsExactly("direct:erp.demo-erp.book",
                    "direct:erp.demo-erp.down");
            // the hub does not start when a connector in use calls a route no route file provides
            assertThat(ErpConnectors.unrouted(camel, List.of(erp))).isEmpty();
            assertThat(ErpConnectors.unrouted(camel, List.of(connector(yaml.replace("direct:erp.demo-erp.down",
                    "direct:erp.demo-erp.label"))))).containsExactly("ERP connector demo-erp calls"
                    + " direct:erp.demo-erp.label, and no route takes it (a route file with from: direct:erp.demo-erp.label)");
        }
        // a connector calls its own routes only
        assertThatThrownBy(() -> connector(yaml.replace("route: direct:erp.demo-erp.book", "route: direct:erp.billing.book")))
                .hasMessageContaining("steps[0].route: 'direct:erp.billing.book' must be direct:erp.demo-erp.<name>");
    }

    @Test
    void mistakesInTheFileStopTheHubNamingTheKey() {
        assertThatThrownBy(() -> connector(YAML.replace("kind: rejected", "kind: maybe")))
                .hasMessageContaining("errors[0]: kind must be one of");
        assertThatThrownBy(() -> connector(YAML.replace("document: '$string(book.body.result)'", "document: '$string(('")))
                .hasMessageContaining("capabilities.confirmation.create.document: not a JSONata expression");
        assertThatThrownBy(() -> connector(YAML.replace("formats:", "format:")))
                .hasMessageContaining("unknown key 'format'");
        assertThatThrownBy(() -> connector(YAML.replace("confirmation:\n    lookup", "confirmations:\n    lookup")))
                .hasMessageContaining("capabilities.confirmations is not a capability");
        // outside the embedded profile a short secret is refused when the connector is in use
        environment.withProperty("ERP_PASSWORD", "short");
        assertThatThrownBy(() -> connector(YAML).check()).hasMessageContaining("ERP_PASSWORD is shorter than 8 characters");
        // a credential variable that is not set is named when the connector is used, not written into the file
        environment.getPropertySources().remove("mockProperties");
        assertThatThrownBy(() -> connector(YAML).check()).hasMessageContaining("ERP_USER, which is not set");
    }
}
