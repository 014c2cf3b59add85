package io.meserp.hub.erp.connector;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.erp.ErpAmbiguousException;
import io.meserp.hub.erp.ErpException;
import io.meserp.hub.erp.ErpServerErrorException;
import io.meserp.hub.erp.ErpUnavailableException;
import io.meserp.hub.erp.HttpFailures;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Steps of an http-json connector that a template cannot express are Camel routes: a step with
 * {@code route: direct:erp.<connector>.<name>} gives its request's JSON to that route (a route file, no Java) and takes
 * the route's reply as its answer: the body, and the status in {@code CamelHttpResponseCode} (200 when unset). The step
 * stays inside the connector's guarantees: its answer goes through the error table; a failed HTTP call in the route
 * (camel-http) counts by its status as a direct call would; a connection refused or a timeout in it counts as for a
 * direct call; any other failure of the route is a server error after a write (the ERP may have booked) and
 * unavailable on a read. The route sees the headers hubConnector, hubStep and hubWrite.
 */
public final class RouteSteps {

    private final ProducerTemplate camel;
    private final ObjectMapper mapper;

    /** {@code camel} null: the offline plant check loads connectors without calling anything. */
    public RouteSteps(ProducerTemplate camel, ObjectMapper mapper) {
        this.camel = camel;
        this.mapper = mapper;
    }

    /** The route names a connector's steps may use: its own routes only. */
    static String prefix(String connector) {
        return "direct:erp." + connector + ".";
    }

    HttpJsonConnector.Reply call(String connector, HttpJsonConnector.Step step, JsonNode request) {
        if (camel == null) {
            throw new IllegalStateException("connector " + connector + ": route steps run in the hub only");
        }
        String what = "route " + step.route() + " (step " + step.name() + ")";
        String body;
        try {
            body = mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Exchange reply = camel.request(step.route(), exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeaders(Map.of("hubConnector", connector, "hubStep", step.name(), "hubWrite", step.write(),
                    Exchange.CONTENT_TYPE, "application/json"));
        });
        Exception failure = reply.getException();
        if (failure != null) {
            HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
            if (http != null) {
                // header names are case-insensitive
                String retryAfter = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("Retry-After") && h.getValue() != null)
                        .map(h -> h.getValue()).findFirst().orElse(null);
                return new HttpJsonConnector.Reply(http.getStatusCode(), http.getResponseBody(),
                        HttpFailures.retryAfter(retryAfter));
            }
            throw meaning(failure, step.write(), what);
        }
        Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new HttpJsonConnector.Reply(status == null ? 200 : status, reply.getMessage().getBody(String.class), null);
    }

    /** What a failure inside the route means, as for a call the connector makes itself. */
    private static ErpException meaning(Exception failure, boolean write, String what) {
        ErpException erp = find(failure, ErpException.class);
        if (erp != null) {
            return erp;
        }
        String text = what + ": " + failure;
        if (find(failure, ConnectException.class) != null || find(failure, HttpConnectTimeoutException.class) != null) {
            return new ErpUnavailableException("ERP not reachable, " + text, null, failure);
        }
        boolean timeout = find(failure, SocketTimeoutException.class) != null || find(failure, HttpTimeoutException.class) != null;
        if (write && (timeout || find(failure, IOException.class) != null)) {
            return new ErpAmbiguousException("no clear answer from the ERP, " + text, failure);
        }
        if (write) {
            return new ErpServerErrorException("the route failed after it may have written to the ERP, " + text, failure);
        }
        return new ErpUnavailableException("the ERP could not be read, " + text, null, failure);
    }

    private static <T> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
