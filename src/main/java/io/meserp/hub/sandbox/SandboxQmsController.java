package io.meserp.hub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in quality platform (QMS) under /sandbox/qms: cases ({@code POST /cases} with an {@code externalId},
 * {@code GET /cases?externalId=}) and a supervisor chat webhook ({@code POST /messages}, Teams/Slack-style JSON).
 * It wants a bearer token, keeps every request as received (duplicates stay visible) and can be taken down from
 * the sandbox admin API to test what the hub does when the quality platform is away.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/qms")
class SandboxQmsController {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final SandboxProperties properties;
    private final AtomicBoolean down = new AtomicBoolean();

    SandboxQmsController(JdbcTemplate jdbc, ObjectMapper mapper, SandboxProperties properties) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.properties = properties;
    }

    void down(boolean value) {
        down.set(value);
    }

    boolean isDown() {
        return down.get();
    }

    @PostMapping("/cases")
    synchronized ResponseEntity<Object> open(@RequestHeader(value = "Authorization", required = false) String auth,
            @RequestBody JsonNode body) throws Exception {
        ResponseEntity<Object> refused = refuse(auth);
        if (refused != null) {
            return refused;
        }
        String externalId = body.path("externalId").asText("");
        if (externalId.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "externalId is required"));
        }
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM sbx_qms_case", Long.class);
        String caseId = String.format("QC-%06d", count + 1);
        jdbc.update("INSERT INTO sbx_qms_case (case_id, external_id, body, created_at) VALUES (?, ?, ?, ?)", caseId,
                externalId, mapper.writeValueAsString(body), LocalDateTime.now());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("caseId", caseId, "externalId", externalId));
    }

    @GetMapping("/cases")
    ResponseEntity<Object> cases(@RequestHeader(value = "Authorization", required = false) String auth,
            @RequestParam(required = false) String externalId) {
        ResponseEntity<Object> refused = refuse(auth);
        if (refused != null) {
            return refused;
        }
        List<Map<String, Object>> rows = externalId == null
                ? jdbc.queryForList("SELECT case_id, external_id, body FROM sbx_qms_case ORDER BY case_id")
                : jdbc.queryForList("SELECT case_id, external_id, body FROM sbx_qms_case WHERE external_id = ? ORDER BY case_id",
                        externalId);
        return ResponseEntity.ok(rows.stream().map(r -> Map.of("caseId", r.get("case_id"), "externalId", r.get("external_id"),
                "case", read((String) r.get("body")))).toList());
    }

    @PostMapping("/messages")
    ResponseEntity<Object> message(@RequestHeader(value = "Authorization", required = false) String auth,
            @RequestBody JsonNode body) throws Exception {
        ResponseEntity<Object> refused = refuse(auth);
        if (refused != null) {
            return refused;
        }
        jdbc.update("INSERT INTO sbx_qms_message (body, created_at) VALUES (?, ?)", mapper.writeValueAsString(body),
                LocalDateTime.now());
        return ResponseEntity.ok(Map.of("ok", true));
    }

    @GetMapping("/messages")
    ResponseEntity<Object> messages(@RequestHeader(value = "Authorization", required = false) String auth) {
        ResponseEntity<Object> refused = refuse(auth);
        if (refused != null) {
            return refused;
        }
        return ResponseEntity.ok(jdbc.queryForList("SELECT body FROM sbx_qms_message ORDER BY id", String.class).stream()
                .map(this::read).toList());
    }

    private ResponseEntity<Object> refuse(String auth) {
        if (down.get()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "quality platform is down (sandbox)"));
        }
        String expected = "Bearer " + properties.qmsToken();
        if (properties.qmsToken() == null || auth == null
                || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "a valid bearer token is required"));
        }
        return null;
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
