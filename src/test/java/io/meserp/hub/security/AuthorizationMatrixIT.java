package io.meserp.hub.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix of docs/authorization.md, called for real: every HTTP endpoint of the hub (ops API, ops
 * page, sandbox ERP and admin, Hawtio, Jolokia, actuator) as anonymous, viewer, operator and admin, each answer
 * checked against the table. The table must also name every endpoint the code maps, so a new endpoint without a
 * row fails here.
 */
class AuthorizationMatrixIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    static final Path TABLE = Path.of("docs/authorization.md");
    private static final List<String> ROLES = java.util.Arrays.asList(null, "viewer", "operator", "admin");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    PathMappedEndpoints actuator;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    /** One row: the endpoint as the code maps it, the call made, and the status for each role. */
    record Row(String endpoint, String method, String path, String body, List<Integer> expected) {
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String endpoint = cells[1].trim().replace("`", "");
            String[] call = cells[2].trim().replace("`", "").split(" ", 2);
            String body = cells[3].trim().replace("`", "");
            List<Integer> expected = new ArrayList<>();
            for (int i = 4; i < 8; i++) {
                expected.add(Integer.parseInt(cells[i].trim()));
            }
            rows.add(new Row(endpoint, call[0], call[1], body.equals("-") ? null : body.replace("\\|", "|"), expected));
        }
        return rows;
    }

    @Test
    void everyEndpointAnswersEachRoleAsTheTableSays() throws IOException {
        HubApi api = new HubApi(port);
        // the file consumers report DOWN until their first poll, a second or two after the hub has started
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> api.status(null, "GET", "/actuator/health", null) == 200);
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(50);
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            List<Integer> actual = new ArrayList<>();
            for (String role : ROLES) {
                actual.add(api.status(role, row.method(), row.path(), row.body()));
            }
            if (!actual.equals(row.expected())) {
                wrong.add(row.method() + " " + row.path() + ": table says " + row.expected() + ", got " + actual);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theTableNamesEveryEndpointTheCodeMaps() throws IOException {
        Set<String> documented = new TreeSet<>();
        rows().forEach(r -> documented.add(r.endpoint()));
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error") || pattern.startsWith("/v3/api-docs/") || pattern.equals("/v3/api-docs.yaml")
                        || pattern.startsWith("/swagger-ui")) {
                    continue; // Boot's error page; springdoc's variants of the documented /v3/api-docs
                }
                Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    mapped.add("ANY " + pattern);
                }
                methods.forEach(m -> mapped.add(m + " " + pattern));
            }
        });
        actuator.getAllRootPaths().forEach(root -> mapped.add("GET /actuator/" + root));
        Set<String> missing = new TreeSet<>(mapped);
        missing.removeAll(documented);
        assertThat(missing).as("endpoints without a row in " + TABLE).isEmpty();
    }
}
