package io.meserp.hub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy between the hub and an ERP for the connector test kit: it forwards every request to the target, and can
 * fail some on purpose. {@link #dropAnswers} forwards a matching request, lets the ERP book it, and closes the
 * connection without an answer (the hub cannot know whether it was booked: an ambiguous failure). {@link #failWith500}
 * answers a matching request with 500 without forwarding it (an ERP that fails on one document each time: a poison
 * message). A target that is down gets a 503, as a reverse proxy in front of a stopped ERP answers.
 */
public final class FaultProxy implements AutoCloseable {

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Predicate<String>> drop = new CopyOnWriteArrayList<>();
    private final List<Predicate<String>> fail = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropped = new AtomicInteger();

    public FaultProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl.endsWith("/") ? targetUrl : targetUrl + "/");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL for the target's path. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + target.getPath();
    }

    /** Requests whose body matches are forwarded and their answer dropped. */
    public void dropAnswers(Predicate<String> body) {
        drop.add(body);
    }

    /** Requests whose body matches are answered 500 and not forwarded. */
    public void failWith500(Predicate<String> body) {
        fail.add(body);
    }

    /** How many answers were dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    public void clear() {
        drop.clear();
        fail.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        String body = new String(in, StandardCharsets.UTF_8);
        if (fail.stream().anyMatch(p -> p.test(body))) {
            answer(exchange, 500, "{\"fault\": \"the test proxy fails this request\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String rest = path.startsWith(target.getPath()) ? path.substring(target.getPath().length()) : path.substring(1);
        URI to = URI.create(target + rest + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(to)
                .method(exchange.getRequestMethod(), in.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(in));
        for (String header : List.of("Authorization", "Content-Type", "Accept")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException down) {
            answer(exchange, 503, "{\"fault\": \"the ERP behind the proxy is down\"}".getBytes(StandardCharsets.UTF_8));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        if (drop.stream().anyMatch(p -> p.test(body))) {
            dropped.incrementAndGet();
            exchange.close(); // no status line, no headers: the connection just ends
            return;
        }
        answer(exchange, response.statusCode(), response.body());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
