package io.meserp.hub.erp.connector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meserp.hub.erp.ErpAmbiguousException;
import io.meserp.hub.erp.ErpDocument;
import io.meserp.hub.erp.ErpException;
import io.meserp.hub.erp.ErpRejectedException;
import io.meserp.hub.erp.ErpServerErrorException;
import io.meserp.hub.erp.ErpUnavailableException;
import io.meserp.hub.erp.HttpFailures;

/**
 * A REST or JSON-RPC ERP described in its connector.yaml (docs/erp-connectors.md): per capability, the HTTP calls
 * that book an event and the calls that find it again, as JSONata templates over the event; the answers' meaning by an
 * error table; the ERP's formats checked before any call. Each step's answer is kept under the step's name for the
 * steps after it. Whether a failure refused, missed or may have booked follows the same rules as the S/4 client
 * ({@link HttpFailures}), so exactly-once posting above it works unchanged.
 */
public final class HttpJsonConnector implements ErpConnector {

    /**
     * One call: sent when {@code when} holds (or always), built by {@code request}; {@code write}s may book. An HTTP
     * request to the ERP, or with {@code route} the request's JSON given to that Camel route ({@link RouteSteps}).
     */
    record Step(String name, Template when, Template request, boolean write, String route) {
    }

    /** An answer: its status, its text and the {@code Retry-After} it gave (null when none). */
    record Reply(int status, String body, Duration retryAfter) {
    }

    /** The steps of a create or a find, and how their answers give the ERP's document number (nothing: not found). */
    record Call(List<Step> steps, Template document) {
    }

    record Spec(Lookup lookup, Call create, Call find) {
    }

    /** An answer that means {@code kind} when its status is in range and {@code when} holds; {@code message} says why. */
    record ErrorRule(int fromStatus, int toStatus, Template when, String kind, Template message) {
    }

    private final String name;
    private final URI baseUrl;
    private final HttpJsonConfig.Auth authorization;
    private final Duration readTimeout;
    private final Map<String, String> headers;
    private final JsonNode values;
    private final Formats formats;
    private final List<ErrorRule> errors;
    private final Map<Capability, Spec> specs;
    private final Map<Capability, Call> reads;
    private final HttpClient http;
    private final RouteSteps routes;
    private final ObjectMapper mapper;

    HttpJsonConnector(String name, URI baseUrl, HttpJsonConfig.Auth authorization, Duration connectTimeout, Duration readTimeout,
            Map<String, String> headers, JsonNode values, Formats formats, List<ErrorRule> errors,
            Map<Capability, Spec> specs, Map<Capability, Call> reads, RouteSteps routes, ObjectMapper mapper) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.readTimeout = readTimeout;
        this.headers = headers;
        this.values = values;
        this.formats = formats;
        this.errors = errors;
        this.specs = new EnumMap<>(Capability.class);
        this.specs.putAll(specs);
        this.reads = new EnumMap<>(Capability.class);
        this.reads.putAll(reads);
        this.mapper = mapper;
        this.routes = routes;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "http-json";
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> all = java.util.EnumSet.noneOf(Capability.class);
        all.addAll(specs.keySet());
        all.addAll(reads.keySet());
        return all;
    }

    @Override
    public List<JsonNode> releasedSince(String watermark, int limit) {
        ObjectNode context = readContext();
        context.put("watermark", watermark);
        context.put("limit", limit);
        return list(Capability.RELEASED_ORDERS, context);
    }

    @Override
    public Optional<JsonNode> order(String order) {
        ObjectNode context = readContext();
        context.put("order", order);
        JsonNode found = run(read(Capability.ORDER), context);
        return found.isObject() ? Optional.of(found) : Optional.empty();
    }

    @Override
    public java.math.BigDecimal stock(String material, String erpPlant) {
        ObjectNode context = readContext();
        context.put("material", material);
        context.put("plant", erpPlant);
        JsonNode quantity = run(read(Capability.STOCK), context);
        if (!quantity.isNumber()) {
            throw new IllegalStateException("connector " + name + ", stock.read.result gave " + quantity + ", not a number");
        }
        return quantity.decimalValue();
    }

    @Override
    public Set<String> bookedOrders(String erpPlant, java.time.LocalDate from, java.time.LocalDate to) {
        ObjectNode context = readContext();
        context.put("plant", erpPlant);
        context.put("from", from.toString());
        context.put("to", to.toString());
        Set<String> orders = new java.util.TreeSet<>();
        list(Capability.BOOKED_ORDERS, context).forEach(o -> orders.add(o.asText()));
        return orders;
    }

    @Override
    public List<BookedConfirmation> confirmations(String order) {
        ObjectNode context = readContext();
        context.put("order", order);
        return list(Capability.CONFIRMATION_BOOKINGS, context).stream().map(c -> new BookedConfirmation(
                required(c, "document", Capability.CONFIRMATION_BOOKINGS), c.path("key").asText(""),
                c.path("operation").asText(""), decimal(c, "yield"), decimal(c, "scrap"), c.path("unit").asText(""),
                c.hasNonNull("end") ? java.time.LocalDateTime.parse(c.path("end").asText()) : null)).toList();
    }

    @Override
    public List<BookedMovement> movements(String order) {
        ObjectNode context = readContext();
        context.put("order", order);
        return list(Capability.MOVEMENT_BOOKINGS, context).stream().map(m -> new BookedMovement(
                required(m, "document", Capability.MOVEMENT_BOOKINGS), m.path("key").asText(""),
                required(m, "material", Capability.MOVEMENT_BOOKINGS), required(m, "movementType",
                        Capability.MOVEMENT_BOOKINGS), decimal(m, "quantity"), m.path("unit").asText(""),
                m.hasNonNull("postingDate") ? java.time.LocalDate.parse(m.path("postingDate").asText()) : null)).toList();
    }

    /** A read's result as a list: JSONata gives one match as itself, none as nothing. */
    private List<JsonNode> list(Capability capability, ObjectNode context) {
        JsonNode result = run(read(capability), context);
        List<JsonNode> out = new ArrayList<>();
        if (result.isArray()) {
            result.forEach(out::add);
        } else if (!result.isMissingNode() && !result.isNull()) {
            out.add(result);
        }
        return out;
    }

    private String required(JsonNode item, String member, Capability capability) {
        JsonNode v = item.path(member);
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalStateException("connector " + name + ", " + capability.key() + ".read.result gave an item"
                    + " without " + member + ": " + item);
        }
        return v.asText();
    }

    private static java.math.BigDecimal decimal(JsonNode item, String member) {
        JsonNode v = item.path(member);
        return v.isNumber() ? v.decimalValue() : v.isTextual() ? new java.math.BigDecimal(v.asText())
                : java.math.BigDecimal.ZERO;
    }

    private Call read(Capability capability) {
        Call call = reads.get(capability);
        if (call == null) {
            throw new IllegalStateException("connector " + name + " does not offer " + capability.key());
        }
        return call;
    }

    /** What read templates see: the connector's {@code values} and the question's parameters. */
    private ObjectNode readContext() {
        ObjectNode context = mapper.createObjectNode();
        context.set("values", values);
        return context;
    }

    /** Fails, naming the variable, when a credential the connector needs is not set (checked for connectors in use). */
    @Override
    public void check() {
        authorization.check().run();
    }

    /** The Camel routes its steps call. */
    List<String> routes() {
        List<String> out = new ArrayList<>();
        java.util.stream.Stream.concat(specs.values().stream().flatMap(s -> java.util.stream.Stream.of(s.create(), s.find())),
                reads.values().stream()).filter(java.util.Objects::nonNull).flatMap(c -> c.steps().stream())
                .map(Step::route).filter(java.util.Objects::nonNull).distinct().forEach(out::add);
        return out;
    }

    @Override
    public Formats formats() {
        return formats;
    }

    @Override
    public Lookup lookup(Capability capability) {
        return spec(capability).lookup();
    }

    @Override
    public ErpDocument create(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        refuseWhatTheErpCannotHold(capability, payload);
        ObjectNode context = context(eventId, payload, erpZone);
        JsonNode number = run(spec(capability).create(), context);
        context.remove("values");
        if (number.isMissingNode() || number.isNull() || number.asText().isBlank()) {
            throw new IllegalStateException("connector " + name + ", " + capability.key() + ".create.document gave no"
                    + " document number for the ERP's answer " + context);
        }
        return new ErpDocument(number.asText());
    }

    @Override
    public Optional<ErpDocument> find(Capability capability, String eventId, JsonNode payload, ZoneId erpZone) {
        Spec spec = spec(capability);
        if (spec.lookup() == Lookup.NONE || spec.find() == null) {
            throw new ErpRejectedException(0, "an earlier attempt to book this event may have reached the ERP, and connector "
                    + name + " has no look-up for " + capability.key() + " (lookup: none): check the ERP, then discard"
                    + " the event if it is booked or replay it if not");
        }
        JsonNode number = run(spec.find(), context(eventId, payload, erpZone));
        return number.isMissingNode() || number.isNull() || number.asText().isBlank() ? Optional.empty()
                : Optional.of(new ErpDocument(number.asText()));
    }

    private Spec spec(Capability capability) {
        Spec spec = specs.get(capability);
        if (spec == null) {
            throw new IllegalStateException("connector " + name + " does not offer " + capability.key());
        }
        return spec;
    }

    /**
     * What templates see: {@code eventId}, {@code event} (the canonical payload), {@code local} (each date-time of the
     * payload in the plant's ERP time zone, split into date, time and parts), {@code values} (the connector's tables) and
     * each step's answer by its name ({@code status}, {@code body}).
     */
    private ObjectNode context(String eventId, JsonNode payload, ZoneId erpZone) {
        ObjectNode context = mapper.createObjectNode();
        context.put("eventId", eventId);
        context.set("event", payload);
        context.set("local", LocalTimes.of(payload, erpZone, mapper));
        context.set("values", values);
        return context;
    }

    /** Runs the steps in order, each seeing the answers before it; gives the document number (missing: none). */
    private JsonNode run(Call call, ObjectNode context) {
        for (Step step : call.steps()) {
            Object input = mapper.convertValue(context, Object.class);
            if (step.when() != null && !step.when().test(input)) {
                continue;
            }
            context.set(step.name(), send(step, step.request().apply(mapper, input), context));
        }
        return call.document().apply(mapper, mapper.convertValue(context, Object.class));
    }

    private ObjectNode send(Step step, JsonNode request, ObjectNode context) {
        Reply reply = step.route() == null ? http(step, request) : routes.call(name, step, request);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("status", reply.status());
        answer.set("body", parse(reply.body()));
        classify(step, reply, answer, context);
        return answer;
    }

    private Reply http(Step step, JsonNode request) {
        String method = request.path("method").asText("POST");
        String path = request.path("path").asText("");
        URI uri = baseUrl.resolve(path.startsWith("/") ? path.substring(1) : path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(readTimeout)
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        String credentials = authorization.header().get();
        if (credentials != null) {
            builder.header("Authorization", credentials);
        }
        JsonNode body = request.path("body");
        if (body.isMissingNode()) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            // a fixed-length body: some ERPs (Tryton) refuse a streamed one without Content-Length (411)
            byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8);
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        HttpResponse<String> response = HttpFailures.send(http, builder.build(), step.write(), readTimeout);
        if (response.statusCode() == 401 && authorization.header() instanceof OAuth2ClientCredentials token) {
            token.refused(); // the retry asks for a new token
        }
        return new Reply(response.statusCode(), response.body(), HttpFailures.retryAfter(response));
    }

    /**
     * The error table first (in order; a rule sees the answer's {@code status} and {@code body}, the {@code step} name,
     * the {@code event} and the earlier steps' answers), then the common meaning of the status; a 2xx no rule matched is
     * fine.
     */
    private void classify(Step step, Reply response, ObjectNode answer, ObjectNode context) {
        int status = response.status();
        ObjectNode input = context.deepCopy();
        input.setAll(answer);
        input.putIfAbsent("event", mapper.createObjectNode());
        input.put("step", step.name());
        Object view = mapper.convertValue(input, Object.class);
        for (ErrorRule rule : errors) {
            if (status >= rule.fromStatus() && status <= rule.toStatus() && (rule.when() == null || rule.when().test(view))) {
                String message = "ERP " + name + " (" + step.name() + "): " + (rule.message() == null
                        ? status + " " + abbreviate(response.body()) : rule.message().apply(mapper, view).asText());
                throw exception(rule.kind(), status, message, step.write(), response);
            }
        }
        if (status < 200 || status >= 300) {
            throw HttpFailures.byStatus(status, response.retryAfter(), step.write(), "ERP " + name + " (" + step.name() + "): " + status + " "
                    + abbreviate(response.body()), "the connector's auth in mappings/erp/" + name + "/connector.yaml");
        }
    }

    private static ErpException exception(String kind, int status, String message, boolean write, Reply response) {
        return switch (kind) {
            case "rejected" -> new ErpRejectedException(status, message);
            case "unavailable" -> new ErpUnavailableException(message, response.retryAfter(), null);
            case "ambiguous" -> write ? new ErpAmbiguousException(message, null)
                    : new ErpUnavailableException(message, null, null);
            case "server-error" -> write ? new ErpServerErrorException(message, null)
                    : new ErpUnavailableException(message, null, null);
            default -> throw new IllegalStateException("unknown error kind " + kind);
        };
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException notJson) {
            return mapper.getNodeFactory().textNode(body);
        }
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
