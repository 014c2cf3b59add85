package io.meserp.hub.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * OData V2 {@code $batch} of the confirmation service, as SAP Gateway answers it: a {@code multipart/mixed} request whose
 * parts are change sets, each a {@code multipart/mixed} of {@code application/http} requests. A change set is booked all
 * or nothing and answered with a change set of {@code 201} responses; a change set that fails is answered with one
 * {@code application/http} error response in its place, and the other change sets are booked all the same. The request
 * commits once: each change set is booked under a savepoint, which is all that is rolled back when it fails. The
 * request as a whole is answered {@code 202}. Faults apply as to a single write: the gate's outage, latency, errors
 * and 429 to the whole request, commit-then-timeout after the change sets are booked, a short-dump order to its change
 * set. The multipart format is read with Jakarta Mail.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxODataController.ROOT)
class SandboxBatchController {

    private static final String CRLF = "\r\n";

    private final SandboxODataController odata;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final ObjectMapper mapper;
    private final TransactionTemplate transaction;
    private final TransactionTemplate changeSet;

    SandboxBatchController(SandboxODataController odata, SandboxFaults faults, SandboxProperties properties,
            ObjectMapper mapper, PlatformTransactionManager transactions) {
        this.odata = odata;
        this.faults = faults;
        this.properties = properties;
        this.mapper = mapper;
        this.transaction = new TransactionTemplate(transactions);
        this.changeSet = new TransactionTemplate(transactions);
        changeSet.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
    }

    @PostMapping("/{service}/$batch")
    DeferredResult<ResponseEntity<String>> batch(@PathVariable String service,
            @RequestHeader(value = "Content-Type", required = false) String contentType, @RequestBody byte[] body,
            HttpServletRequest request) {
        if (!SandboxODataController.CONFIRMATION_SERVICE.equals(service)) {
            throw new ODataErrors.ODataException(HttpStatus.METHOD_NOT_ALLOWED, "/IWBEP/CM_MGW_RT/021",
                    "$batch of " + service + " is not supported by the sandbox");
        }
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/mixed")) {
            throw new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                    "$batch needs Content-Type multipart/mixed with a boundary");
        }
        String boundary = "batchresponse_" + UUID.randomUUID();
        List<ChangeSet> changeSets = new ArrayList<>();
        try {
            MimeMultipart batch = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < batch.getCount(); i++) {
                changeSets.add(read(batch.getBodyPart(i), service));
            }
        } catch (MessagingException | IOException e) {
            throw new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                    "$batch body is not a valid multipart/mixed document: " + e.getMessage());
        }
        // one commit for the request; each change set under a savepoint of its own, rolled back alone when it fails
        String base = SandboxFields.base(request, service);
        String answers = transaction.execute(status -> {
            StringBuilder parts = new StringBuilder();
            for (ChangeSet changeSet : changeSets) {
                parts.append("--").append(boundary).append(CRLF)
                        .append(changeSet.error() != null ? changeSet.error() : book(changeSet.bodies(), service, base));
            }
            return parts.toString();
        });
        StringBuilder out = new StringBuilder(answers);
        out.append("--").append(boundary).append("--").append(CRLF);
        ResponseEntity<String> answer = ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Content-Type", "multipart/mixed; boundary=" + boundary).body(out.toString());
        return faults.answer(answer, properties.hangTimeout());
    }

    /** One part of the batch: the bodies of its creates, or the error that answers it. */
    private record ChangeSet(List<JsonNode> bodies, String error) {
    }

    private ChangeSet read(BodyPart part, String service) throws MessagingException, IOException {
        if (!part.isMimeType("multipart/mixed")) {
            return new ChangeSet(List.of(), error(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                    "the sandbox's $batch takes change sets only (read with GET outside $batch)", service));
        }
        MimeMultipart changeSet = new MimeMultipart(new ByteArrayDataSource(part.getInputStream(), part.getContentType()));
        try {
            List<JsonNode> bodies = new ArrayList<>();
            for (int i = 0; i < changeSet.getCount(); i++) {
                bodies.add(create(changeSet.getBodyPart(i)));
            }
            return new ChangeSet(bodies, null);
        } catch (ODataErrors.ODataException e) {
            return new ChangeSet(List.of(), error(e.status, e.code, e.getMessage(), service));
        }
    }

    /** A change set booked all or nothing (under a savepoint of the request's transaction), or an error in its place. */
    private String book(List<JsonNode> bodies, String service, String base) {
        List<String> created;
        try {
            created = changeSet.execute(status -> bodies.stream().map(b -> {
                if (faults.get().shortDumpOrders().contains(b.path("OrderID").asText())) {
                    throw new ODataErrors.ODataException(HttpStatus.INTERNAL_SERVER_ERROR, "/IWBEP/CM_MGW_RT/004",
                            "Runtime error CONVT_NO_NUMBER in the backend for order " + b.path("OrderID").asText()
                                    + " (sandbox short dump)");
                }
                Map<String, Object> booked = odata.bookConfirmation(b);
                return json(Map.of("d", odata.json(SandboxStore.CONFIRMATIONS, booked, ODataQuery.parse(Map.of()), base)));
            }).toList());
        } catch (ODataErrors.ODataException e) {
            return error(e.status, e.code, e.getMessage(), service);
        }
        String boundary = "changesetresponse_" + UUID.randomUUID();
        StringBuilder out = new StringBuilder("Content-Type: multipart/mixed; boundary=" + boundary + CRLF + CRLF);
        for (String entity : created) {
            out.append("--").append(boundary).append(CRLF).append(http(HttpStatus.CREATED, entity));
        }
        return out.append("--").append(boundary).append("--").append(CRLF).append(CRLF).toString();
    }

    /** The JSON body of one request of a change set, which must create a confirmation. */
    private JsonNode create(BodyPart part) throws MessagingException, IOException {
        if (!part.isMimeType("application/http")) {
            throw new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                    "a change set part must be application/http, not " + part.getContentType());
        }
        String text = read(part.getInputStream());
        int head = text.indexOf("\r\n\r\n") >= 0 ? text.indexOf("\r\n\r\n") + 4 : text.indexOf("\n\n") + 2;
        String requestLine = text.lines().findFirst().orElse("").trim();
        if (!requestLine.matches("POST ProdnOrdConf2 HTTP/1\\.1")) {
            throw new ODataErrors.ODataException(HttpStatus.METHOD_NOT_ALLOWED, "/IWBEP/CM_MGW_RT/021",
                    "'" + requestLine + "' in a change set is not supported by the sandbox (POST ProdnOrdConf2 only)");
        }
        try {
            return mapper.readTree(head < 2 ? "" : text.substring(head));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, "/IWBEP/CM_MGW_RT/001",
                    "The request body is not valid JSON");
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(ODataErrors.ODataException.class)
    ResponseEntity<Object> odataError(ODataErrors.ODataException e, HttpServletRequest request) {
        return ODataErrors.response(e.status, e.code, e.getMessage(), SandboxODataController.serviceOf(request));
    }

    private String error(HttpStatus status, String code, String message, String service) {
        return http(status, json(ODataErrors.response(status, code, message, service).getBody()));
    }

    private static String http(HttpStatus status, String json) {
        return "Content-Type: application/http" + CRLF + "Content-Transfer-Encoding: binary" + CRLF + CRLF
                + "HTTP/1.1 " + status.value() + " " + status.getReasonPhrase() + CRLF
                + "Content-Type: application/json" + CRLF
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + CRLF + CRLF
                + json + CRLF;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
