package io.meserp.hub.erp.connector;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpUnavailableException;
import io.meserp.hub.erp.HttpFailures;

/**
 * The Authorization header of a connector with OAuth 2.0 client credentials (RFC 6749 section 4.4): a token is asked of
 * the token endpoint with the client's id and secret (HTTP basic), kept until shortly before it expires, and asked
 * again after the ERP refused it (a 401 makes the call fail as unavailable, so the retry brings a new token). A token
 * endpoint that cannot be reached or refuses leaves the ERP unavailable: the events wait, nothing is lost.
 */
final class OAuth2ClientCredentials implements Supplier<String> {

    /** A token is renewed this long before its end, so a call never goes out with one about to expire. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final Supplier<String> clientId;
    private final Supplier<String> clientSecret;
    private final String scope;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    OAuth2ClientCredentials(URI tokenUrl, Supplier<String> clientId, Supplier<String> clientSecret, String scope,
            Duration timeout, ObjectMapper mapper, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.timeout = timeout;
        this.mapper = mapper;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    /** The ERP refused the token (401): the next call asks for a new one. */
    synchronized void refused() {
        token = null;
    }

    private void fetch() {
        String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", HttpJsonConfig.basic(clientId.get(), clientSecret.get()))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HttpFailures.send(http, request, false, timeout);
        if (response.statusCode() != 200) {
            throw new ErpUnavailableException("the token endpoint " + tokenUrl + " answered " + response.statusCode()
                    + " to the hub's client credentials: " + abbreviate(response.body()), HttpFailures.retryAfter(response), null);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new ErpUnavailableException("the token endpoint " + tokenUrl + " answered something that is not JSON");
        }
        String accessToken = answer.path("access_token").asText("");
        if (accessToken.isBlank()) {
            throw new ErpUnavailableException("the token endpoint " + tokenUrl + " gave no access_token");
        }
        token = accessToken;
        long seconds = answer.path("expires_in").asLong(300);
        renewAt = clock.instant().plusSeconds(seconds).minus(MARGIN);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
