package io.meserp.hub.quality;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpRejectedException;
import io.meserp.hub.erp.ErpUnavailableException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The quality platform (QMS) and the supervisors' chat webhook, over HTTP with a bearer token. Cases carry the
 * hub's event id (or alert key) as {@code externalId}; the hub looks a case up by it before opening one, so a
 * retry never opens a second. Failures that retrying can cure are retryable like an ERP outage.
 */
@Component
public class QualityPlatformClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper mapper;
    private final Environment environment;

    public QualityPlatformClient(ObjectMapper mapper, Environment environment) {
        this.mapper = mapper;
        this.environment = environment;
    }

    /** The case opened for this external id, or a new one; returns the case id. */
    public String openCase(String externalId, Map<String, Object> details) {
        Optional<String> existing = findCase(externalId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>(details);
        body.put("externalId", externalId);
        return send(HttpRequest.newBuilder(URI.create(url("hub.quality.qms-url") + "/cases")), body, "open a case")
                .path("caseId").asText();
    }

    public Optional<String> findCase(String externalId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("hub.quality.qms-url") + "/cases?externalId="
                + URLEncoder.encode(externalId, StandardCharsets.UTF_8))).GET();
        JsonNode cases = exchange(request, "look up a case");
        return cases.isArray() && !cases.isEmpty() ? Optional.of(cases.get(0).path("caseId").asText()) : Optional.empty();
    }

    /** A Teams/Slack-style message to the supervisors' channel. */
    public void notifySupervisors(String title, String text) {
        Map<String, Object> card = Map.of("@type", "MessageCard", "@context", "https://schema.org/extensions",
                "summary", title, "title", title, "text", text, "themeColor", "D70000");
        send(HttpRequest.newBuilder(URI.create(url("hub.quality.supervisor-webhook-url"))), card, "notify supervisors");
    }

    private JsonNode send(HttpRequest.Builder request, Object body, String what) {
        try {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return exchange(request, what);
    }

    private JsonNode exchange(HttpRequest.Builder request, String what) {
        request.timeout(Duration.ofSeconds(10));
        String token = environment.getProperty("hub.quality.qms-token");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ErpUnavailableException("quality platform not reachable (" + what + "): " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpUnavailableException("interrupted calling the quality platform (" + what + ")", null, e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 401 || status == 403 || status == 408) {
            throw new ErpUnavailableException("quality platform answered " + status + " (" + what + "): " + response.body(), null, null);
        }
        if (status >= 400) {
            throw new ErpRejectedException(status, "quality platform refused to " + what + ": " + response.body());
        }
        try {
            return response.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(response.body());
        } catch (IOException e) {
            throw new ErpUnavailableException("quality platform answered with something that is not JSON (" + what + ")", null, e);
        }
    }

    private String url(String property) {
        String url = environment.getProperty(property);
        if (url == null || url.isBlank()) {
            throw new ErpRejectedException(0, property + " is not set: the quality platform cannot be reached");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
