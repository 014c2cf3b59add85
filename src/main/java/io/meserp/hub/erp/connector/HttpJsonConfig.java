package io.meserp.hub.erp.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.env.Environment;

/**
 * Reads the connector.yaml of an {@code http-json} connector (docs/erp-connectors.md lists every key). Every key is
 * checked: an unknown one, a missing credential variable or a JSONata expression that does not compile stops the hub at
 * start-up with the file and key named.
 */
final class HttpJsonConfig {

    private static final Set<String> TOP = Set.of("type", "description", "base-url", "auth", "timeouts", "headers",
            "values", "functions", "formats", "errors", "capabilities");
    /** Capabilities that only read: {@code read: {steps, result}}. */
    private static final Set<Capability> READS = java.util.EnumSet.of(Capability.RELEASED_ORDERS, Capability.ORDER,
            Capability.STOCK, Capability.BOOKED_ORDERS, Capability.CONFIRMATION_BOOKINGS, Capability.MOVEMENT_BOOKINGS);
    private static final Set<String> KINDS = Set.of("rejected", "unavailable", "ambiguous", "server-error");

    private HttpJsonConfig() {
    }

    static HttpJsonConnector load(String name, Path file, JsonNode node, ObjectMapper mapper, Environment environment,
            RouteSteps routes) {
        String where = "ERP connector " + file;
        known(node, TOP, where);
        String base = environment.resolveRequiredPlaceholders(required(node, "base-url", where));
        URI baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        JsonNode timeouts = node.path("timeouts");
        known(timeouts, Set.of("connect", "read"), where + ": timeouts");
        Duration connect = duration(timeouts.path("connect").asText("5s"), where + ": timeouts.connect");
        Duration read = duration(timeouts.path("read").asText("20s"), where + ": timeouts.read");
        Map<String, Pattern> formats = new LinkedHashMap<>();
        node.path("formats").fields().forEachRemaining(f -> {
            try {
                formats.put(f.getKey(), Pattern.compile(f.getValue().asText()));
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(where + ": formats." + f.getKey() + " is not a regular expression: "
                        + e.getDescription());
            }
        });
        // named JSONata functions ($name in every template): a mapping several capabilities share is written once
        Map<String, Object> functions = new LinkedHashMap<>();
        node.path("functions").fields().forEachRemaining(f -> functions.put(f.getKey(),
                Template.of(where + ": functions." + f.getKey(), f.getValue().asText(), functions).value()));
        List<HttpJsonConnector.ErrorRule> errors = new ArrayList<>();
        int i = 0;
        for (JsonNode rule : node.path("errors")) {
            String at = where + ": errors[" + i++ + "]";
            known(rule, Set.of("status", "when", "kind", "message"), at);
            String kind = required(rule, "kind", at);
            if (!KINDS.contains(kind)) {
                throw new IllegalStateException(at + ": kind must be one of " + KINDS + ", not '" + kind + "'");
            }
            // without a status a rule is about the body of a successful answer: a 503 page from a proxy in front of the ERP
            // must never read as the ERP's "no" (found by the connector kit with Tryton behind a proxy)
            int[] range = statusRange(rule.path("status").asText("200-299"), at);
            errors.add(new HttpJsonConnector.ErrorRule(range[0], range[1], template(rule, "when", at, functions),
                    kind, template(rule, "message", at, functions)));
        }
        Map<Capability, HttpJsonConnector.Spec> specs = new EnumMap<>(Capability.class);
        Map<Capability, HttpJsonConnector.Call> reads = new EnumMap<>(Capability.class);
        node.path("capabilities").fields().forEachRemaining(c -> {
            String at = where + ": capabilities." + c.getKey();
            Capability capability = Capability.of(c.getKey()).orElseThrow(() -> new IllegalStateException(at
                    + " is not a capability the hub asks for (" + java.util.Arrays.stream(Capability.values())
                    .map(Capability::key).toList() + ")"));
            if (READS.contains(capability)) {
                known(c.getValue(), Set.of("read"), at);
                reads.put(capability, call(name, c.getValue().path("read"), at + ".read", "result", functions));
                return;
            }
            known(c.getValue(), Set.of("lookup", "create", "find"), at);
            Lookup lookup = lookup(c.getValue().path("lookup").asText(""), at);
            HttpJsonConnector.Call find = c.getValue().has("find")
                    ? call(name, c.getValue().path("find"), at + ".find", "document", functions) : null;
            if (lookup != Lookup.NONE && find == null) {
                throw new IllegalStateException(at + ": lookup " + lookup.name().toLowerCase() + " needs find: (or say"
                        + " lookup: none)");
            }
            specs.put(capability, new HttpJsonConnector.Spec(lookup, call(name, c.getValue().path("create"), at + ".create",
                    "document", functions), find));
        });
        if (specs.isEmpty() && reads.isEmpty()) {
            throw new IllegalStateException(where + ": capabilities lists none");
        }
        return new HttpJsonConnector(name, baseUrl, authorization(node.path("auth"), where, environment, read, mapper), connect, read,
                orderedStrings(node.path("headers")), node.path("values").isMissingNode()
                        ? mapper.createObjectNode() : node.path("values"), new Formats(name, "mappings/erp/" + name + "/connector.yaml", Map.copyOf(formats)),
                errors, specs, reads, routes, mapper);
    }

    /** Steps and the expression ({@code result} key: document or result) that gives the answer. */
    private static HttpJsonConnector.Call call(String name, JsonNode node, String where, String result,
            Map<String, Object> functions) {
        if (node.isMissingNode()) {
            throw new IllegalStateException(where + " is missing");
        }
        known(node, Set.of("steps", result), where);
        List<HttpJsonConnector.Step> steps = new ArrayList<>();
        int i = 0;
        for (JsonNode step : node.path("steps")) {
            String at = where + ".steps[" + i++ + "]";
            known(step, Set.of("name", "when", "request", "write", "route"), at);
            String stepName = required(step, "name", at);
            if (Set.of("eventId", "event", "local", "values", "watermark", "limit", "order", "material", "plant", "step",
                    "status", "body").contains(stepName)) {
                throw new IllegalStateException(at + ": name '" + stepName + "' is taken by what templates see");
            }
            String route = step.path("route").asText(null);
            if (route != null && !route.matches(java.util.regex.Pattern.quote(RouteSteps.prefix(name)) + "[A-Za-z0-9._-]+")) {
                throw new IllegalStateException(at + ".route: '" + route + "' must be " + RouteSteps.prefix(name) + "<name>"
                        + " (a connector calls its own routes)");
            }
            // a route step's request is the JSON the route gets; without one it gets everything a template sees
            String request = route != null && !step.has("request") ? "$" : required(step, "request", at);
            steps.add(new HttpJsonConnector.Step(stepName, template(step, "when", at, functions), Template.of(at + ".request",
                    request, functions), step.path("write").asBoolean(true), route));
        }
        if (steps.isEmpty()) {
            throw new IllegalStateException(where + ".steps lists none");
        }
        return new HttpJsonConnector.Call(steps, Template.of(where + "." + result, required(node, result, where), functions));
    }

    /**
     * The Authorization header, read from the environment when first needed: a connector no plant uses does not need its
     * credentials set. {@code check} (run at start-up for the connectors in use) only looks at the variables: an OAuth 2
     * token endpoint that is down must not stop the hub, its events wait.
     */
    record Auth(java.util.function.Supplier<String> header, Runnable check) {
    }

    private static Auth authorization(JsonNode auth, String where, Environment environment, Duration timeout,
            ObjectMapper mapper) {
        String at = where + ": auth";
        known(auth, Set.of("type", "user-env", "password-env", "token-env", "token-url", "client-id-env",
                "client-secret-env", "scope"), at);
        String type = auth.path("type").asText("none");
        return switch (type) {
            case "none" -> new Auth(() -> null, () -> { });
            case "basic" -> {
                required(auth, "user-env", at);
                required(auth, "password-env", at);
                Runnable check = () -> {
                    secret(auth, "user-env", at, environment, false);
                    secret(auth, "password-env", at, environment, true);
                };
                yield new Auth(() -> basic(secret(auth, "user-env", at, environment, false),
                        secret(auth, "password-env", at, environment, true)), check);
            }
            case "bearer" -> {
                required(auth, "token-env", at);
                yield new Auth(() -> "Bearer " + secret(auth, "token-env", at, environment, true),
                        () -> secret(auth, "token-env", at, environment, true));
            }
            case "oauth2-client-credentials" -> {
                URI tokenUrl = URI.create(environment.resolveRequiredPlaceholders(required(auth, "token-url", at)));
                required(auth, "client-id-env", at);
                required(auth, "client-secret-env", at);
                OAuth2ClientCredentials token = new OAuth2ClientCredentials(tokenUrl,
                        () -> secret(auth, "client-id-env", at, environment, false),
                        () -> secret(auth, "client-secret-env", at, environment, true),
                        auth.hasNonNull("scope") ? auth.path("scope").asText() : null, timeout, mapper,
                        java.time.Clock.systemUTC());
                yield new Auth(token, () -> {
                    secret(auth, "client-id-env", at, environment, false);
                    secret(auth, "client-secret-env", at, environment, true);
                });
            }
            default -> throw new IllegalStateException(at + ".type must be none, basic, bearer or oauth2-client-credentials,"
                    + " not '" + type + "'");
        };
    }

    /**
     * A credential from the environment variable (or property) the file names; never written in the file itself.
     * Outside the embedded profile a secret shorter than 8 characters is refused, as the hub's own passwords are.
     */
    private static String secret(JsonNode auth, String key, String where, Environment environment, boolean secret) {
        String variable = required(auth, key, where);
        String value = environment.getProperty(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(where + "." + key + " names " + variable + ", which is not set");
        }
        if (secret && value.length() < 8 && !environment.matchesProfiles("embedded")) {
            throw new IllegalStateException(where + "." + key + ": " + variable + " is shorter than 8 characters");
        }
        return value;
    }

    private static Lookup lookup(String value, String where) {
        return switch (value) {
            case "key" -> Lookup.KEY;
            case "fact" -> Lookup.FACT;
            case "none" -> Lookup.NONE;
            default -> throw new IllegalStateException(where + ".lookup must be key, fact or none, not '" + value
                    + "' (docs/erp-connectors.md says what each guarantees)");
        };
    }

    private static Template template(JsonNode node, String key, String where, Map<String, Object> functions) {
        return node.hasNonNull(key) ? Template.of(where + "." + key, node.path(key).asText(), functions) : null;
    }

    private static int[] statusRange(String value, String where) {
        try {
            String[] parts = value.split("-");
            int from = Integer.parseInt(parts[0].trim());
            return new int[] {from, parts.length > 1 ? Integer.parseInt(parts[1].trim()) : from};
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ".status must be a status or a range like 400-499, not '" + value + "'");
        }
    }

    private static Duration duration(String value, String where) {
        try {
            return value.matches("\\d+s") ? Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)))
                    : value.matches("\\d+ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                    : Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(where + " must be a duration like 5s, 500ms or PT5S, not '" + value + "'");
        }
    }

    private static String required(JsonNode node, String key, String where) {
        String value = node.path(key).asText("");
        if (value.isBlank()) {
            throw new IllegalStateException(where + ": " + key + " is missing");
        }
        return value;
    }

    private static void known(JsonNode node, Set<String> keys, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw new IllegalStateException(where + ": unknown key '" + k + "' (known: " + keys + ")");
            }
        });
    }

    /** Basic or bearer credentials, as the Authorization header. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> orderedStrings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
