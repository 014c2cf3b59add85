package io.meserp.hub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The hub's HTTP API as a user (basic auth) or anonymously, over real HTTP. */
public class HubApi {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String base;
    private final java.util.Map<String, String> passwords = new java.util.HashMap<>();

    public HubApi(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A user of a hub outside the embedded profile, whose password is not its name. */
    public HubApi withUser(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    /** The demo users of the embedded profile (viewer, operator, admin), users given withUser; null for anonymous. */
    public HttpResponse<String> call(String user, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Accept", "application/json, */*;q=0.5");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", SandboxErp.basic(user, passwords.getOrDefault(user, user)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status(String user, String method, String path, String json) {
        return call(user, method, path, json).statusCode();
    }

    /** The JSON answer; fails unless the status is the expected one. */
    public JsonNode json(String user, String method, String path, String json, int expected) {
        HttpResponse<String> response = call(user, method, path, json);
        if (response.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " as " + user + ": expected " + expected + ", got "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? mapper.nullNode() : mapper.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    public JsonNode get(String user, String path) {
        return json(user, "GET", path, null, 200);
    }
}
