package io.meserp.hub.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.SandboxErp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMX through Jolokia, attacked as the security review did: the Jolokia policy table of docs/authorization.md made
 * in every request shape for every role, the review's bypasses (the {@code p=} parameter, {@code !/} escapes, bulk
 * requests, a producer template writing a file, a {@code language:} endpoint reading the environment), the JSR-160
 * proxy, requests from another website riding an admin's session, and Hawtio's own requests for each role.
 */
class JolokiaAccessIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final List<String> ROLES = List.of("viewer", "operator", "admin");
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(20);
    private static final Pattern ROW = Pattern.compile(
            "^\\| (version|search|list|read|write|exec|notification) \\|(.*)\\|(.*)\\|(.*)\\| (yes|no) \\| (yes|no) \\| (yes|no) \\|$");

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    /** One row of the policy table: a request and whether each role may make it. */
    record Rule(String type, String mbean, String target, List<String> arguments, Map<String, Boolean> allowed) {
    }

    List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (String line : Files.readAllLines(AuthorizationMatrixIT.TABLE)) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String mbean = m.group(2).trim();
            String target = m.group(3).trim();
            String args = m.group(4).trim();
            rules.add(new Rule(m.group(1), mbean.equals("-") ? null : mbean, target.equals("-") ? null : target,
                    args.equals("-") ? List.of() : Arrays.asList(args.split(", ")),
                    Map.of("viewer", m.group(5).equals("yes"), "operator", m.group(6).equals("yes"),
                            "admin", m.group(7).equals("yes"))));
        }
        return rules;
    }

    @Test
    void everyRoleGetsWhatThePolicyTableSaysInEveryRequestShape() throws IOException {
        List<Rule> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(25);
        Path probe = DATA.resolve("jolokia-probe");
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            String mbean = rule.mbean() == null ? null : resolve(rule.mbean());
            List<String> args = rule.arguments().stream().map(a -> a.replace("{probe}", probe.toString())).toList();
            for (String role : ROLES) {
                int expected = rule.allowed().get(role) ? 200 : 403;
                shapes(rule.type(), mbean, rule.target(), args).forEach((shape, answer) -> {
                    int status = answer.apply(role);
                    if (status != expected) {
                        wrong.add(rule.type() + " " + rule.mbean() + " " + rule.target() + " as " + role + " by " + shape
                                + ": expected " + expected + ", got " + status);
                    }
                });
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(probe).as("no operation wrote the probe file").doesNotExist();
    }

    @Test
    void theReviewersBypassesAreRefused() throws IOException {
        HubApi api = new HubApi(port);
        // the p= parameter carries the whole path when the URL has none
        assertThat(getStatus("viewer", "/actuator/jolokia?p=" + enc("/exec/java.lang:type=Memory/gc()"))).isEqualTo(403);
        assertThat(getStatus("operator", "/actuator/jolokia/?p=" + enc("/exec/java.lang:type=Memory/gc()"))).isEqualTo(403);
        // the !/ escape makes the filter see another path; the policy sees the operation
        assertThat(getStatus("viewer", "/actuator/jolokia/exec/java.lang:type=Memory!/browse/gc()")).isNotEqualTo(200);
        assertThat(getStatus("viewer", "/actuator/jolokia/read/java.lang:type=Runtime!/x/SystemProperties"))
                .isNotEqualTo(200);
        // a viewer's bulk request with one write in it: the write is refused, the read answered
        JsonNode bulk = post("viewer", "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\"},"
                + "{\"type\":\"exec\",\"mbean\":\"" + esc(resolve("org.apache.camel:type=routes,name=\"confirmation-erp-post\",*"))
                + "\",\"operation\":\"stop()\"}]");
        assertThat(bulk.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(bulk.get(1).path("status").asInt()).isEqualTo(403);
        assertThat(api.get("viewer", "/actuator/camelroutes").toString()).contains("confirmation-erp-post");
        // purge, file writes through a producer template, the environment through language:simple
        String queue = resolve("org.apache.activemq.artemis:address=\"hub.confirmation\",subcomponent=queues,*");
        for (String role : List.of("viewer", "operator")) {
            assertThat(exec(role, queue, "removeAllMessages()").path("status").asInt()).isEqualTo(403);
        }
        String context = resolve("org.apache.camel:type=context,*");
        Path written = DATA.resolve("written-through-jmx.txt");
        for (String role : ROLES) {
            assertThat(exec(role, context, "sendStringBody(java.lang.String,java.lang.String)",
                    "file:" + DATA + "?fileName=written-through-jmx.txt", "owned").path("status").asInt()).isEqualTo(403);
            JsonNode env = exec(role, context, "requestStringBody(java.lang.String,java.lang.String)",
                    "language:simple:${sysenv.PATH}", "x");
            assertThat(env.path("status").asInt()).isEqualTo(403);
            assertThat(env.toString()).doesNotContain(System.getenv("PATH"));
        }
        assertThat(written).doesNotExist();
        // secrets on the command line or in system properties are not for viewers
        JsonNode props = post("viewer", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"}");
        assertThat(props.toString()).doesNotContain("java.class.path").doesNotContain("sun.java.command");
        JsonNode pattern = post("viewer", "{\"type\":\"read\",\"mbean\":\"java.lang:*\",\"attribute\":\"InputArguments\"}");
        assertThat(pattern.toString()).doesNotContain("-D").doesNotContain("-X");
    }

    @Test
    void theJsr160ProxyOpensNoConnection() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int listening = listener.socket().getLocalPort();
            for (String url : List.of("service:jmx:rmi:///jndi/ldap://127.0.0.1:" + listening + "/x",
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listening + "/jmxrmi")) {
                for (String role : ROLES) {
                    JsonNode answer = post(role, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                            + "\"attribute\":\"Name\",\"target\":{\"url\":\"" + url + "\"}}");
                    // no proxy: the request is either refused or answered by this JVM itself, never by the target
                    assertThat(answer.path("value").asText("")).isIn("", java.lang.management.ManagementFactory
                            .getRuntimeMXBean().getName());
                }
            }
            assertThat(listener.accept()).as("a connection to the target the caller named").isNull();
        }
        // Hawtio's HTTP proxy is off too
        assertThat(getStatus("admin", "/actuator/hawtio/proxy/127.0.0.1/" + port + "/actuator/health")).isNotEqualTo(200);
    }

    @Test
    void anotherWebsiteCannotUseAnAdminsSession() throws Exception {
        Session admin = login("admin");
        String gc = "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}";
        // a text/plain POST from a foreign page: no CORS answer, refused
        HttpResponse<String> foreign = admin.send(admin.post("/actuator/jolokia", gc).header("Origin", "http://evil.example")
                .header("Content-Type", "text/plain").header("X-XSRF-TOKEN", admin.csrf()));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = admin.send(HttpRequest.newBuilder(admin.uri("/actuator/jolokia"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // the session alone does not write: the CSRF token is needed, /actuator included
        assertThat(admin.send(admin.post("/actuator/jolokia", gc)).statusCode()).isEqualTo(403);
        assertThat(admin.send(admin.post("/actuator/jolokia", gc).header("Authorization", "Bearer nothing")).statusCode())
                .isEqualTo(403);
        assertThat(admin.send(admin.post("/actuator/jolokia", gc).header("Authorization",
                SandboxErp.basic("admin", "wrong"))).statusCode()).isEqualTo(401);
        HttpResponse<String> same = admin.send(admin.post("/actuator/jolokia", gc).header("X-XSRF-TOKEN", admin.csrf())
                .header("Origin", "http://localhost:" + port));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(same.body()).path("status").asInt()).isEqualTo(200);
        assertThat(admin.sessionCookie()).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly");
        // actuator writes are the admin's: a viewer's camelroutes stop is refused, not a 500
        assertThat(new HubApi(port).status("viewer", "POST", "/actuator/camelroutes/confirmation-erp-post/stop", "{}"))
                .isEqualTo(403);
    }

    @Test
    void hawtioWorksForEveryRoleAndOnlyAdminsAct() throws Exception {
        String route = resolve("org.apache.camel:type=routes,name=\"order-release-push\",*");
        for (String role : ROLES) {
            Session session = login(role);
            assertThat(session.send(HttpRequest.newBuilder(session.uri("/actuator/hawtio/")).GET()).statusCode())
                    .isEqualTo(200);
            // what Hawtio asks for when it opens: version, the MBean tree, its RBAC registry, Camel and Artemis views
            String opening = "[{\"type\":\"version\"},"
                    + "{\"type\":\"list\",\"config\":{\"maxDepth\":9,\"ignoreErrors\":true,\"canonicalNaming\":false}},"
                    + "{\"type\":\"exec\",\"mbean\":\"hawtio:type=security,name=RBACRegistry\",\"operation\":\"list()\"},"
                    + "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"},"
                    + "{\"type\":\"read\",\"mbean\":\"" + esc(route) + "\",\"attribute\":[\"ExchangesTotal\",\"State\"]},"
                    + "{\"type\":\"exec\",\"mbean\":\"" + esc(route) + "\",\"operation\":\"dumpRouteStatsAsXml(boolean,boolean)\","
                    + "\"arguments\":[false,true]},"
                    + "{\"type\":\"exec\",\"mbean\":\"" + esc(resolve("org.apache.activemq.artemis:address=\"hub.confirmation\","
                    + "subcomponent=queues,*")) + "\",\"operation\":\"browse()\"}]";
            JsonNode answers = session.jolokia(opening);
            for (JsonNode answer : answers) {
                assertThat(answer.path("status").asInt()).as(role + ": " + answer.path("request")).isEqualTo(200);
            }
            JsonNode stop = session.jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(route) + "\",\"operation\":\"stop()\"}");
            assertThat(stop.path("status").asInt()).as(role + " stops a route").isEqualTo(role.equals("admin") ? 200 : 403);
            session.jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(route) + "\",\"operation\":\"start()\"}");
        }
        assertThat(new HubApi(port).get("viewer", "/actuator/camelroutes").toString()).contains("order-release-push");
    }

    // --- the request shapes -----------------------------------------------------------------------------------------

    /** The same request as GET path, GET with p=, POST, POST bulk and a percent-encoded path: role → status. */
    private Map<String, java.util.function.Function<String, Integer>> shapes(String type, String mbean, String target,
            List<String> args) {
        ObjectNode json = mapper.createObjectNode().put("type", type);
        StringBuilder path = new StringBuilder("/").append(type);
        if (type.equals("search")) {
            json.put("mbean", mbean);
            path.append('/').append(pathPart(mbean));
        } else if (mbean != null) {
            json.put("mbean", mbean);
            path.append('/').append(pathPart(mbean)).append('/').append(pathPart(target));
            if (type.equals("read") || type.equals("write")) {
                json.put("attribute", target);
            } else {
                json.put("operation", target);
            }
            if (type.equals("write")) {
                json.put("value", args.get(0));
                path.append('/').append(pathPart(args.get(0)));
            } else if (type.equals("exec")) {
                ArrayNode arguments = json.putArray("arguments");
                for (String a : args) {
                    if (a.equals("-")) {
                        arguments.addNull();
                        path.append("/[null]");
                    } else {
                        arguments.add(a);
                        path.append('/').append(pathPart(a));
                    }
                }
            }
        }
        String single = json.toString();
        String bulk = "[{\"type\":\"version\"}," + single + "]";
        Map<String, java.util.function.Function<String, Integer>> shapes = new java.util.LinkedHashMap<>();
        shapes.put("GET path", role -> getStatus(role, "/actuator/jolokia" + urlPath(path.toString())));
        shapes.put("GET p=", role -> getStatus(role, "/actuator/jolokia?p=" + enc(path.toString())));
        shapes.put("POST", role -> post(role, single).path("status").asInt());
        shapes.put("POST bulk", role -> post(role, bulk).get(1).path("status").asInt());
        shapes.put("GET percent-encoded", role -> getStatus(role, "/actuator/jolokia" + allEncoded(path.toString())));
        return shapes;
    }

    /** Jolokia's path escapes: ! as !!, / inside an element as !/. */
    private static String pathPart(String element) {
        return element.replace("!", "!!").replace("/", "!/");
    }

    /** Encodes what a URL cannot carry as it is, keeping / and the characters Jolokia paths use. */
    private static String urlPath(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) || "/:=,.!*()-_".indexOf(c) >= 0 ? String.valueOf(c) : enc(String.valueOf(c)));
        }
        return out.toString();
    }

    /** Every character but letters, digits, / and . percent-encoded (Spring's firewall refuses an encoded dot). */
    private static String allEncoded(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) b;
            out.append(Character.isLetterOrDigit(c) || c == '/' || c == '.' ? String.valueOf(c) : String.format("%%%02X", b));
        }
        return out.toString();
    }

    private int getStatus(String role, String path) {
        HttpResponse<String> response = call(role, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
        if (response.statusCode() != 200) {
            return response.statusCode();
        }
        try {
            return mapper.readTree(response.body()).path("status").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private JsonNode post(String role, String json) {
        HttpResponse<String> response = call(role, HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/jolokia")).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json"));
        assertThat(response.statusCode()).as(role + " POST " + json).isEqualTo(200);
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private JsonNode exec(String role, String mbean, String operation, String... args) {
        ObjectNode json = mapper.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        ArrayNode arguments = json.putArray("arguments");
        Arrays.stream(args).forEach(arguments::add);
        return post(role, json.toString());
    }

    private HttpResponse<String> call(String role, HttpRequest.Builder request) {
        try {
            // a time limit: a hub that follows a proxy target waits on it (the JSR-160 test fails, not hangs)
            return http.send(request.header("Authorization", SandboxErp.basic(role, role)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first MBean matching a pattern (an admin searches). */
    private String resolve(String pattern) {
        if (!pattern.contains("*")) {
            return pattern;
        }
        JsonNode found = post("admin", "{\"type\":\"search\",\"mbean\":\"" + esc(pattern) + "\"}").path("value");
        // the JVM holds the hubs of earlier test classes too (suspended once done): this class's own Camel MBeans
        List<String> own = new java.util.ArrayList<>();
        found.forEach(name -> {
            if (!name.asText().startsWith("org.apache.camel:")
                    || name.asText().contains("context=" + camel.getManagementName() + ",")) {
                own.add(name.asText());
            }
        });
        assertThat(own).as("MBeans matching " + pattern).isNotEmpty();
        return own.get(0);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String esc(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // --- a browser session (form login, cookies) -------------------------------------------------------------------

    private Session login(String role) throws Exception {
        Session session = new Session();
        HttpResponse<String> page = session.send(HttpRequest.newBuilder(session.uri("/login")).GET());
        Matcher token = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> done = session.send(HttpRequest.newBuilder(session.uri("/login"))
                .POST(HttpRequest.BodyPublishers.ofString("username=" + role + "&password=" + role + "&_csrf=" + token.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElse("")).doesNotContain("error");
        session.loginResponse = done;
        // the browser lands on a page, which hands it the CSRF token for its writes (a new one after the login)
        session.send(HttpRequest.newBuilder(session.uri("/actuator/hawtio/")).GET());
        return session;
    }

    private final class Session {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private HttpResponse<String> loginResponse;

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        HttpRequest.Builder post(String path, String body) {
            return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrf() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(java.net.HttpCookie::getValue).findFirst().orElseThrow();
        }

        String sessionCookie() {
            return loginResponse.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst().orElse("");
        }

        /** A Jolokia request as Hawtio sends it: same origin, the session, the CSRF token from the cookie. */
        JsonNode jolokia(String json) throws IOException, InterruptedException {
            HttpResponse<String> response = send(post("/actuator/jolokia", json).header("X-XSRF-TOKEN", csrf())
                    .header("Origin", "http://localhost:" + port));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return mapper.readTree(response.body());
        }
    }
}
