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

    private static final String CSRF = "x-csrf-token";

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Environment environment;
    private final HubProperties.Erp erp;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public ODataClient(HubProperties properties, ObjectMapper mapper, Environment environment) {
        this.erp = properties.erp();
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

    /** POST an entity to a set; returns the created entity ({@code d}). */
    public JsonNode post(String service, String entitySet, JsonNode entity) {
        String body;
        try {
            body = mapper.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return write(service, token -> request(service, entitySet).header(CSRF, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** POST a function import, its parameters in the query string (as SAP Gateway takes them), no body. */
    public JsonNode call(String service, String functionWithParameters) {
        return write(service, token -> request(service, functionWithParameters).header(CSRF, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A write with the service's CSRF token, fetched once more if the ERP answers 403 Required. */
    private JsonNode write(String service, java.util.function.Function<String, HttpRequest> withToken) {
        String token = token(service, null);
        HttpResponse<String> response = send(withToken.apply(token), true);
        if (csrfRequired(response)) {
            response = send(withToken.apply(token(service, token)), true);
            if (csrfRequired(response)) {
                throw new ErpUnavailableException("ERP refused a freshly fetched CSRF token for " + service);
            }
        }
        return parse(check(response, true)).path("d");
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

    /** Resolved on each call: in the embedded profile it names the hub's own port, known only once it listens. */
    private String baseUrl() {
        String url = environment.getProperty("hub.erp.base-url", erp.baseUrl());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private HttpResponse<String> send(HttpRequest request, boolean write) {
        return HttpFailures.send(http, request, write, erp.readTimeout());
    }

    private String check(HttpResponse<String> response, boolean write) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        throw HttpFailures.byStatus(response, write, ODataError.describe(mapper, status, response.body()),
                "check HUB_ERP_USER/HUB_ERP_PASSWORD");
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
