package io.meserp.hub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.awaitility.Awaitility.await;

/**
 * A real Tryton 6.0 server (Debian's trytond) for tests: its own SQLite database created with trytond-admin in a temp
 * folder, listening on 127.0.0.1, with a company, a producible product and productions made through its JSON-RPC as a
 * Tryton user would. Stopped and started again to play an ERP outage.
 */
public final class Trytond implements AutoCloseable {

    public static final Path SERVER = Path.of("/usr/bin/trytond");
    public static final String USER = "admin";
    public static final String PASSWORD = "admin-test";
    private static final Path MODULES_DIR = Path.of("/usr/lib/python3/dist-packages/trytond/modules");
    private static final List<String> MODULES = List.of("ir", "res", "country", "currency", "party", "company",
            "product", "stock", "production");

    private final Path home;
    private final int port;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process server;
    private int company;
    private int product;
    private int unit;

    private Trytond(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Whether Debian's tryton-server is installed; under CI=true its absence is an error, not a skip. */
    public static boolean installed() {
        boolean present = Files.isExecutable(SERVER) && Files.isExecutable(Path.of("/usr/bin/trytond-admin"))
                && MODULES.stream().skip(2).allMatch(m -> Files.isDirectory(MODULES_DIR.resolve(m)));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but trytond or its production module is missing: .ci/run installs"
                    + " Debian's tryton-server and tryton-modules-production");
        }
        return present;
    }

    /** Creates the database (about 10 s), starts the server and sets up a company and a product. */
    public static Trytond start() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("trytond");
        Trytond trytond = new Trytond(home, freePort());
        trytond.create();
        trytond.startServer();
        trytond.setUp();
        return trytond;
    }

    /** The JSON-RPC root of the database, as the connector's base URL. */
    public String url() {
        return "http://127.0.0.1:" + port + "/hub/";
    }

    private void create() throws IOException, InterruptedException {
        Files.createDirectories(home.resolve("db"));
        Files.writeString(home.resolve("trytond.conf"), "[database]\nuri = sqlite://\npath = " + home.resolve("db")
                + "\n[web]\nlisten = 127.0.0.1:" + port + "\n");
        Files.writeString(home.resolve("password"), PASSWORD + "\n");
        Files.createFile(home.resolve("db/hub.sqlite"));
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/trytond-admin", "-c",
                home.resolve("trytond.conf").toString(), "-d", "hub", "--all", "--email", "admin@example.com", "-u"));
        command.addAll(MODULES);
        ProcessBuilder admin = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("admin.log").toFile());
        admin.environment().put("TRYTONPASSFILE", home.resolve("password").toString());
        Process process = admin.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("trytond-admin failed: " + Files.readString(home.resolve("admin.log")));
        }
    }

    public void startServer() throws IOException {
        server = new ProcessBuilder("/usr/bin/trytond", "-c", home.resolve("trytond.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()))
                .start();
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> rpc("model.res.user.search", mapper.createArrayNode(), 0, 1, null, obj()).isArray());
    }

    /** Kills the server (the database stays): the ERP is down until {@link #startServer()}. */
    public void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void setUp() throws IOException, InterruptedException {
        int currency = rpc("model.currency.currency.create", list(obj("name", "Euro", "code", "EUR", "symbol", "EUR")),
                obj()).get(0).asInt();
        int party = rpc("model.party.party.create", list(obj("name", "Hub test company")), obj()).get(0).asInt();
        company = rpc("model.company.company.create", list(obj("party", party, "currency", currency)), obj()).get(0).asInt();
        ArrayNode companies = mapper.createArrayNode().add(mapper.createArrayNode().add("add").add(mapper.createArrayNode().add(company)));
        rpc("model.res.user.write", mapper.createArrayNode().add(1), obj("companies", companies, "company", company), obj());
        unit = rpc("model.product.uom.search", mapper.createArrayNode().add(mapper.createArrayNode().add("symbol").add("=").add("u")),
                0, null, null, obj()).get(0).asInt();
        ObjectNode template = obj("name", "Widget", "type", "goods", "default_uom", unit, "producible", true, "list_price", "10");
        template.set("products", mapper.createArrayNode().add(mapper.createArrayNode().add("create")
                .add(mapper.createArrayNode().add(obj("suffix_code", "W-100")))));
        int tmpl = rpc("model.product.template.create", list(template), obj()).get(0).asInt();
        product = rpc("model.product.product.search", mapper.createArrayNode().add(mapper.createArrayNode()
                .add("template").add("=").add(tmpl)), 0, null, null, obj()).get(0).asInt();
    }

    /** A production of {@code quantity} widgets, moved to {@code state} (draft, waiting or assigned); its number. */
    public String production(int quantity, String state) throws IOException, InterruptedException {
        int warehouse = rpc("model.stock.location.search", mapper.createArrayNode().add(mapper.createArrayNode()
                .add("type").add("=").add("warehouse")), 0, 1, null, obj()).get(0).asInt();
        int location = rpc("model.stock.location.read", mapper.createArrayNode().add(warehouse),
                mapper.createArrayNode().add("production_location"), obj()).get(0).path("production_location").asInt();
        ObjectNode date = obj("__class__", "date", "year", 2026, "month", 11, "day", 30);
        ObjectNode values = obj("product", product, "quantity", quantity, "uom", unit, "warehouse", warehouse,
                "location", location, "company", company);
        values.set("planned_date", date);
        values.set("planned_start_date", date);
        int id = rpc("model.production.create", list(values), obj()).get(0).asInt();
        if (!state.equals("draft")) {
            rpc("model.production.wait", mapper.createArrayNode().add(id), obj());
        }
        if (state.equals("assigned")) {
            rpc("model.production.assign_try", mapper.createArrayNode().add(id), obj());
        }
        return production(id).path("number").asText();
    }

    /** A production by its id: number, state, output moves. */
    public JsonNode production(int id) throws IOException, InterruptedException {
        return rpc("model.production.read", mapper.createArrayNode().add(id), mapper.createArrayNode().add("number")
                .add("state").add("outputs"), obj()).get(0);
    }

    /** The production with this number: id, state. */
    public JsonNode productionByNumber(String number) throws IOException, InterruptedException {
        return rpc("model.production.search_read", mapper.createArrayNode().add(mapper.createArrayNode().add("number")
                .add("=").add(number)), 0, 1, null, mapper.createArrayNode().add("id").add("state"), obj()).get(0);
    }

    /** The output moves of a production: quantity and the type of the location they go to (storage, lost_found). */
    public List<String> outputs(String number) throws IOException, InterruptedException {
        int id = productionByNumber(number).path("id").asInt();
        JsonNode moves = rpc("model.stock.move.search_read", mapper.createArrayNode().add(mapper.createArrayNode()
                .add("production_output").add("=").add(id)), 0, null, null,
                mapper.createArrayNode().add("quantity").add("to_location.type"), obj());
        List<String> out = new java.util.ArrayList<>();
        // Tryton 6 answers a dotted field as "to_location." with the related record
        moves.forEach(m -> out.add(m.path("to_location.").path("type").asText(m.path("to_location.type").asText())
                + " " + m.path("quantity").asDouble()));
        java.util.Collections.sort(out);
        return out;
    }

    /** The quantities put into storage by a production's output moves, in the order Tryton created them. */
    public List<Integer> storedInOrder(String number) throws IOException, InterruptedException {
        int id = productionByNumber(number).path("id").asInt();
        JsonNode moves = rpc("model.stock.move.search_read", mapper.createArrayNode()
                .add(mapper.createArrayNode().add("production_output").add("=").add(id))
                .add(mapper.createArrayNode().add("to_location.type").add("=").add("storage")), 0, null,
                mapper.createArrayNode().add(mapper.createArrayNode().add("id").add("ASC")),
                mapper.createArrayNode().add("quantity"), obj());
        List<Integer> out = new java.util.ArrayList<>();
        moves.forEach(m -> out.add((int) m.path("quantity").asDouble()));
        return out;
    }

    /** One JSON-RPC call; an error answer fails. */
    public JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        ObjectNode call = mapper.createObjectNode().put("id", 1).put("method", method);
        ArrayNode list = call.putArray("params");
        for (Object p : params) {
            list.add(mapper.valueToTree(p));
        }
        byte[] body = mapper.writeValueAsBytes(call);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        JsonNode answer = mapper.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (answer.hasNonNull("error")) {
            throw new IllegalStateException(method + ": " + answer.path("error"));
        }
        return answer.path("result");
    }

    private ObjectNode obj(Object... pairs) {
        ObjectNode node = mapper.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], mapper.valueToTree(pairs[i + 1]));
        }
        return node;
    }

    private ArrayNode list(JsonNode... nodes) {
        ArrayNode list = mapper.createArrayNode();
        for (JsonNode n : nodes) {
            list.add(n);
        }
        return list;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopServer();
        org.springframework.util.FileSystemUtils.deleteRecursively(home.toFile());
    }
}
