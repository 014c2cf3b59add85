package io.meserp.hub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test-side view of the ERP sandbox over HTTP: what the ERP holds, and its admin API (faults, reset). */
public class SandboxErp {

    private static final String CONFIRMATIONS = "/sandbox/erp/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/ProdnOrdConf2";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String base;

    private final String erpPassword;

    public SandboxErp(int port) {
        this(port, "sandbox-demo");
    }

    /** With the ERP technical user's password the hub under test was given. */
    public SandboxErp(int port, String erpPassword) {
        this.base = "http://localhost:" + port;
        this.erpPassword = erpPassword;
    }

    /** Every confirmation the ERP holds, read in pages through OData. */
    public List<JsonNode> confirmations() {
        List<JsonNode> all = new ArrayList<>();
        int skip = 0;
        while (true) {
            JsonNode page = json(get(CONFIRMATIONS + "?$top=2000&$skip=" + skip + "&$format=json", "HUB_RFC", erpPassword));
            JsonNode results = page.path("d").path("results");
            results.forEach(all::add);
            if (results.size() < 2000) {
                return all;
            }
            skip += 2000;
        }
    }

    private static final String MATERIAL_DOCUMENTS = "/sandbox/erp/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader";
    private static final String STOCK = "/sandbox/erp/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod";

    /** Every material document with its items. */
    public List<JsonNode> materialDocuments() {
        List<JsonNode> all = new ArrayList<>();
        json(get(MATERIAL_DOCUMENTS + "?$expand=to_MaterialDocumentItem&$format=json", "HUB_RFC", erpPassword))
                .path("d").path("results").forEach(all::add);
        return all;
    }

    public long materialDocumentCount() {
        return Long.parseLong(get(MATERIAL_DOCUMENTS + "/$count", "HUB_RFC", erpPassword).body().trim());
    }

    /** Unrestricted stock of a material in a plant, storage location 0001, one batch ("" for none). */
    public java.math.BigDecimal stock(String material, String plant, String batch) {
        JsonNode rows = json(get(STOCK + "?$filter=Material%20eq%20'" + material + "'%20and%20Plant%20eq%20'" + plant
                + "'%20and%20Batch%20eq%20'" + batch + "'", "HUB_RFC", erpPassword)).path("d").path("results");
        return rows.isEmpty() ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(rows.get(0).path("MatlWrhsStkQtyInMatlBaseUnit").asText());
    }

    private static final String NOTIFICATIONS = "/sandbox/erp/sap/opu/odata/sap/API_MAINTNOTIFICATION/MaintenanceNotification";

    public List<JsonNode> maintenanceNotifications() {
        List<JsonNode> all = new ArrayList<>();
        json(get(NOTIFICATIONS + "?$format=json", "HUB_RFC", erpPassword)).path("d").path("results").forEach(all::add);
        return all;
    }

    private static final String QUALITY_NOTIFICATIONS = "/sandbox/erp/sap/opu/odata/sap/API_QUALITYNOTIFICATION/QualityNotification";

    public List<JsonNode> qualityNotifications() {
        List<JsonNode> all = new ArrayList<>();
        json(get(QUALITY_NOTIFICATIONS + "?$format=json", "HUB_RFC", erpPassword)).path("d").path("results").forEach(all::add);
        return all;
    }

    /** The order's statuses (system and user) as the ERP reports them. */
    public List<String> orderStatuses(String order) {
        List<String> all = new ArrayList<>();
        json(get("/sandbox/erp/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/A_ProductionOrder_2('" + order
                + "')/to_ProductionOrderStatus", "HUB_RFC", erpPassword)).path("d").path("results")
                .forEach(s -> all.add(s.path("StatusShortName").asText()));
        return all;
    }

    /** Cases and supervisor messages the sandbox quality platform received. */
    public JsonNode qms(String path) {
        return json(exchange(HttpRequest.newBuilder(URI.create(base + "/sandbox/qms" + path))
                .header("Authorization", "Bearer qms-demo-token").GET().build()));
    }

    public long count() {
        return Long.parseLong(get(CONFIRMATIONS + "/$count", "HUB_RFC", erpPassword).body().trim());
    }

    public void faults(String json) {
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/faults")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), 200);
    }

    /** ERP faults off and the quality platform up. */
    public void clearFaults() {
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/faults")).DELETE(), 200);
        admin("PUT", "/qms", "{\"down\": false}");
    }

    public void reset() {
        clearFaults();
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/confirmations")).DELETE(), 200);
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/material-documents")).DELETE(), 200);
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/maintenance-notifications")).DELETE(), 200);
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/quality")).DELETE(), 200);
    }

    /** Admin call with a JSON body (POST, PUT, PATCH); fails unless the sandbox answers 2xx. */
    public String admin(String method, String path, String json) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin" + path))
                .header("Authorization", basic("admin", "admin")).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("sandbox admin " + method + " " + path + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body();
    }

    public HttpResponse<String> post(String path, String user, String password, String json) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic(user, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Creates an order of plant 1000 for FG-1000 (100 ST) with one operation, 0010 at ASSY-01. */
    public void createOrder(String order, boolean released) {
        createOrder(order, "1000", released);
    }

    /** An order of {@code plant} (its finished good FG-{@code plant}), one operation 0010. */
    public void createOrder(String order, String plant, boolean released) {
        admin("POST", "/orders", "{\"order\":\"" + order + "\",\"plant\":\"" + plant + "\",\"orderType\":\"PP01\","
                + "\"material\":\"FG-" + plant + "\",\"quantity\":100,\"unit\":\"ST\",\"released\":" + released + ","
                + "\"operations\":[{\"operation\":\"0010\",\"workCenter\":\"ASSY-01\",\"text\":\"Assemble\"}],"
                + "\"components\":[]}");
    }

    /**
     * Books straight into the ERP, bypassing the hub (as a planner or another interface would): fetches a CSRF token
     * for the service, then POSTs; returns the created entity.
     */
    public JsonNode bookDirectly(String service, String entitySet, String json) {
        String root = "/sandbox/erp/sap/opu/odata/sap/" + service + "/";
        HttpResponse<String> fetch = exchange(HttpRequest.newBuilder(URI.create(base + root))
                .header("Authorization", basic("HUB_RFC", erpPassword)).header("X-CSRF-Token", "Fetch").GET().build());
        String token = fetch.headers().firstValue("x-csrf-token").orElseThrow();
        String cookie = String.join("; ", fetch.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        HttpResponse<String> created = exchange(HttpRequest.newBuilder(URI.create(base + root + entitySet))
                .header("Authorization", basic("HUB_RFC", erpPassword)).header("X-CSRF-Token", token)
                .header("Cookie", cookie).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (created.statusCode() != 201) {
            throw new AssertionError("direct booking refused: " + created.statusCode() + " " + created.body());
        }
        try {
            return mapper.readTree(created.body()).path("d");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code $batch} request to the service as written, with a CSRF token fetched for it; the answer as it came. */
    public HttpResponse<String> batch(String service, String contentType, String body) {
        String root = "/sandbox/erp/sap/opu/odata/sap/" + service + "/";
        HttpResponse<String> fetch = exchange(HttpRequest.newBuilder(URI.create(base + root))
                .header("Authorization", basic("HUB_RFC", erpPassword)).header("X-CSRF-Token", "Fetch").GET().build());
        String token = fetch.headers().firstValue("x-csrf-token").orElseThrow();
        String cookie = String.join("; ", fetch.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        return exchange(HttpRequest.newBuilder(URI.create(base + root + "$batch"))
                .header("Authorization", basic("HUB_RFC", erpPassword)).header("X-CSRF-Token", token)
                .header("Cookie", cookie).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public void invalidateCsrfTokens() {
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/admin/csrf-tokens")).DELETE(), 204);
    }

    public HttpResponse<String> get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return exchange(request.build());
    }

    public HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) {
        return base + path;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpRequest.Builder request, int expected) {
        HttpResponse<String> response = exchange(request.header("Authorization", basic("admin", "admin")).build());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("sandbox admin call answered " + response.statusCode() + ": " + response.body());
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sandbox answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
