package io.meserp.hub.erp;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.HubProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * HTTP client for S/4HANA-style OData V2 services. It fetches an {@code x-csrf-token} per service within the
 * session cookie, fetches it again once when the ERP answers {@code 403} with {@code x-csrf-token: Required},
 * logs in with basic auth from the environment, and turns every failure into an {@link ErpException} that
 * says whether a retry can help and whether the ERP may have booked a write anyway.
 */
@Component
public class ODataClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ODataClient.class);
    private static final String CSRF = "x-csrf-token";
    private static final String CREDENTIALS = "check HUB_ERP_USER/HUB_ERP_PASSWORD";

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Environment environment;
    private final HubProperties.Erp erp;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private volatile String resolvedBaseUrl;
    /** $batch requests sent, and the creates they carried (their ratio: how much batching saves). */
    private final io.micrometer.core.instrument.Counter batches;
    private final io.micrometer.core.instrument.Counter batched;

    public ODataClient(HubProperties properties, ObjectMapper mapper, Environment environment,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.erp = properties.erp();
        this.batches = meters.counter("hub_erp_batch_requests_total");
        this.batched = meters.counter("hub_erp_batched_creates_total");
        this.mapper = mapper;
        this.environment = environment;
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.http = HttpClient.newBuilder()
                .connectTimeout(erp.connectTimeout())
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** GET a path below the service root (e.g. {@code ProdnOrdConf2?$filter=...}); returns the whole JSON. */
    public JsonNode get(String service, String pathAndQuery) {
        HttpRequest request = request(service, pathAndQuery).GET().build();
        HttpResponse<String> response = send(request, false);
        return parse(check(response, false));
    }

    /**
     * POST an entity to a set; returns the created entity ({@code d}). For a service of {@code hub.erp.batch.services},
     * creates that wait at the same moment go as one {@code $batch} ({@link Group}); each caller still gets its own
     * entity, or its own failure.
     */
    public JsonNode post(String service, String entitySet, JsonNode entity) {
        String body;
        try {
            body = mapper.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (erp.batch().maxSize() > 1 && erp.batch().services().contains(service)) {
            return groups.computeIfAbsent(service + "/" + entitySet, k -> new Group(service, entitySet)).post(body);
        }
        return postOne(service, entitySet, body);
    }

    private JsonNode postOne(String service, String entitySet, String body) {
        return write(service, token -> request(service, entitySet).header(CSRF, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /**
     * Creates of one entity set that wait at the same moment, sent as one {@code $batch} with a change set each. A caller
     * queues its create and waits for one of {@code parallel} sending slots; whoever gets a slot sends everything queued
     * so far (up to {@code maxSize}), its own create among them unless another sender took it. A lone create goes alone,
     * as a plain POST: nobody waits for company. Each change set is booked or refused on its own and its caller gets that
     * answer; a failure of the request as a whole (a timeout, a broken connection, a 5xx) is every caller's, and says
     * whether the ERP may have booked, as for a single POST.
     */
    private final class Group {
        private final String service;
        private final String entitySet;
        private final java.util.concurrent.ConcurrentLinkedQueue<Pending> queued =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.Semaphore sending;
        /** Set when the ERP refused a $batch request as such (it does not offer $batch here): creates go alone. */
        private volatile boolean refused;

        Group(String service, String entitySet) {
            this.service = service;
            this.entitySet = entitySet;
            this.sending = new java.util.concurrent.Semaphore(Math.max(1, erp.batch().parallel()));
        }

        JsonNode post(String body) {
            if (refused) {
                return postOne(service, entitySet, body);
            }
            Pending mine = new Pending(body);
            queued.add(mine);
            sending.acquireUninterruptibly();
            try {
                java.util.List<Pending> taken = new java.util.ArrayList<>();
                for (Pending p = queued.poll(); p != null; p = taken.size() < erp.batch().maxSize() ? queued.poll() : null) {
                    taken.add(p);
                }
                if (!taken.isEmpty()) {
                    send(taken);
                }
            } finally {
                sending.release();
            }
            try {
                return mine.answer.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        private void send(java.util.List<Pending> taken) {
            if (taken.size() == 1) {
                alone(taken.get(0));
                return;
            }
            try {
                java.util.List<ODataBatch.Answer> answers = postBatch(service, entitySet,
                        taken.stream().map(p -> p.body).toList());
                for (int i = 0; i < taken.size(); i++) {
                    ODataBatch.Answer a = answers.get(i);
                    if (a.status() >= 200 && a.status() < 300) {
                        taken.get(i).answer.complete(parse(a.body()).path("d"));
                    } else {
                        taken.get(i).answer.completeExceptionally(HttpFailures.byStatus(a.status(),
                                HttpFailures.retryAfter(a.retryAfter()), true,
                                ODataError.describe(mapper, a.status(), a.body()), CREDENTIALS));
                    }
                }
            } catch (ErpRejectedException e) {
                // the request as such, not a booking: the ERP does not take $batch for this service
                refused = true;
                LOG.warn("ERP refused a $batch request to {} ({}); creates of {} are sent one by one from now on"
                        + " (hub.erp.batch.services)", service, e.getMessage(), entitySet);
                taken.forEach(this::alone);
            } catch (RuntimeException e) {
                taken.forEach(p -> p.answer.completeExceptionally(e));
            }
        }

        private void alone(Pending p) {
            try {
                p.answer.complete(postOne(service, entitySet, p.body));
            } catch (RuntimeException e) {
                p.answer.completeExceptionally(e);
            }
        }
    }

    /** One caller's create and its answer. */
    private record Pending(String body, java.util.concurrent.CompletableFuture<JsonNode> answer) {
        Pending(String body) {
            this(body, new java.util.concurrent.CompletableFuture<>());
        }
    }

    /** Sends creates as one {@code $batch}, a change set each; the answer of each, in order. */
    java.util.List<ODataBatch.Answer> postBatch(String service, String entitySet, java.util.List<String> bodies) {
        ODataBatch batch = new ODataBatch();
        String body = batch.body(entitySet, bodies);
        HttpResponse<String> response = writeRaw(service, token -> request(service, "$batch").header(CSRF, token)
                .header("Content-Type", batch.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        String text = check(response, true);
        batches.increment();
        batched.increment(bodies.size());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try {
            return ODataBatch.answers(contentType, text.getBytes(StandardCharsets.UTF_8), bodies.size());
        } catch (IllegalArgumentException e) {
            throw new ErpAmbiguousException("ERP answered a $batch of " + bodies.size() + " creates with something the"
                    + " hub cannot read (" + e.getMessage() + "); each may be booked", e);
        }
    }

    /** POST a function import, its parameters in the query string (as SAP Gateway takes them), no body. */
    public JsonNode call(String service, String functionWithParameters) {
        return write(service, token -> request(service, functionWithParameters).header(CSRF, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A write with the service's CSRF token, fetched once more if the ERP answers 403 Required. */
    private JsonNode write(String service, java.util.function.Function<String, HttpRequest> withToken) {
        return parse(check(writeRaw(service, withToken), true)).path("d");
    }

    private HttpResponse<String> writeRaw(String service, java.util.function.Function<String, HttpRequest> withToken) {
        String token = token(service, null);
        HttpResponse<String> response = send(withToken.apply(token), true);
        if (csrfRequired(response)) {
            response = send(withToken.apply(token(service, token)), true);
            if (csrfRequired(response)) {
                throw new ErpUnavailableException("ERP refused a freshly fetched CSRF token for " + service);
            }
        }
        return response;
    }

    private String token(String service, String refused) {
        if (refused != null) {
            tokens.remove(service, refused);
        }
        return tokens.computeIfAbsent(service, s -> {
            HttpRequest fetch = request(s, "").header(CSRF, "Fetch").GET().build();
            HttpResponse<String> response = send(fetch, false);
            check(response, false);
            return response.headers().firstValue(CSRF)
                    .orElseThrow(() -> new ErpUnavailableException("ERP sent no CSRF token for " + s));
        });
    }

    private HttpRequest.Builder request(String service, String pathAndQuery) {
        URI uri = URI.create(baseUrl() + "/sap/opu/odata/sap/" + service + "/" + pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(erp.readTimeout())
                .header("Accept", "application/json");
        if (erp.user() != null && !erp.user().isBlank()) {
            String credentials = erp.user() + ":" + (erp.password() == null ? "" : erp.password());
            builder.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    /**
     * In the embedded profile it names the hub's own port, known only once it listens: resolved on each call until then,
     * and kept from then on (resolving it each time cost a percent of the hub's CPU, docs/benchmarks.md).
     */
    private String baseUrl() {
        String known = resolvedBaseUrl;
        if (known != null) {
            return known;
        }
        String url = environment.getProperty("hub.erp.base-url", erp.baseUrl());
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (environment.containsProperty("local.server.port")) {
            resolvedBaseUrl = url;
        }
        return url;
    }

    private HttpResponse<String> send(HttpRequest request, boolean write) {
        return HttpFailures.send(http, request, write, erp.readTimeout());
    }

    private String check(HttpResponse<String> response, boolean write) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw HttpFailures.byStatus(response, write, ODataError.describe(mapper, status, response.body()), CREDENTIALS);
    }

    private static boolean csrfRequired(HttpResponse<String> response) {
        return response.statusCode() == 403
                && response.headers().firstValue(CSRF).map("Required"::equalsIgnoreCase).orElse(false);
    }

    private JsonNode parse(String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ErpUnavailableException("ERP answered with something that is not JSON: " + e.getOriginalMessage());
        }
    }
}
