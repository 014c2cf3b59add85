package io.meserp.hub.erp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * The wire format of an OData V2 {@code $batch} that creates entities: a {@code multipart/mixed} request with one change
 * set per entity (so that the ERP books or refuses each on its own), and its answer read back as one response per
 * change set, in order: the change set's {@code 201}, or the error the ERP put in its place. Jakarta Mail reads the
 * multipart answer.
 */
final class ODataBatch {

    private static final String CRLF = "\r\n";

    /** One change set's answer: its HTTP status, its {@code Retry-After} (or null) and its body. */
    record Answer(int status, String retryAfter, String body) {
    }

    private final String boundary = "batch_" + UUID.randomUUID();

    String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    /** The request body: a change set for each JSON entity, each a {@code POST} to {@code entitySet}. */
    String body(String entitySet, List<String> entities) {
        StringBuilder out = new StringBuilder();
        for (String entity : entities) {
            String changeSet = "changeset_" + UUID.randomUUID();
            out.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: multipart/mixed; boundary=").append(changeSet).append(CRLF).append(CRLF)
                    .append("--").append(changeSet).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-Transfer-Encoding: binary").append(CRLF).append(CRLF)
                    .append("POST ").append(entitySet).append(" HTTP/1.1").append(CRLF)
                    .append("Content-Type: application/json").append(CRLF)
                    .append("Accept: application/json").append(CRLF)
                    .append("Content-Length: ").append(entity.getBytes(StandardCharsets.UTF_8).length).append(CRLF)
                    .append(CRLF).append(entity).append(CRLF)
                    .append("--").append(changeSet).append("--").append(CRLF).append(CRLF);
        }
        return out.append("--").append(boundary).append("--").append(CRLF).toString();
    }

    /**
     * The answer of each change set, in order. An answer that is not such a document, or holds another number of answers
     * than change sets were sent, is an {@link IllegalArgumentException}: the ERP may have booked, and nobody can say
     * which.
     */
    static List<Answer> answers(String contentType, byte[] body, int expected) {
        List<Answer> answers = new ArrayList<>();
        try {
            MimeMultipart batch = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < batch.getCount(); i++) {
                BodyPart part = batch.getBodyPart(i);
                if (part.isMimeType("multipart/mixed")) {
                    MimeMultipart changeSet = new MimeMultipart(new ByteArrayDataSource(part.getInputStream(),
                            part.getContentType()));
                    if (changeSet.getCount() != 1) {
                        throw new IllegalArgumentException("a change set of one request was answered with "
                                + changeSet.getCount() + " responses");
                    }
                    answers.add(http(changeSet.getBodyPart(0)));
                } else {
                    answers.add(http(part));
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("the $batch answer is not a multipart/mixed document: " + e.getMessage(), e);
        }
        if (answers.size() != expected) {
            throw new IllegalArgumentException(expected + " change sets were answered with " + answers.size()
                    + " responses");
        }
        return answers;
    }

    /** An {@code application/http} part: status line, headers, blank line, body. */
    private static Answer http(BodyPart part) throws MessagingException, IOException {
        if (!part.isMimeType("application/http")) {
            throw new IllegalArgumentException("a $batch response part is " + part.getContentType()
                    + ", not application/http");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        part.getInputStream().transferTo(bytes);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        String[] status = lines[0].trim().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IllegalArgumentException("a $batch response part starts with '" + lines[0] + "', not a status line");
        }
        String retryAfter = null;
        int line = 1;
        for (; line < lines.length && !lines[line].isBlank(); line++) {
            int colon = lines[line].indexOf(':');
            if (colon > 0 && lines[line].substring(0, colon).trim().equalsIgnoreCase("Retry-After")) {
                retryAfter = lines[line].substring(colon + 1).trim();
            }
        }
        String body = String.join("\n", java.util.Arrays.asList(lines).subList(Math.min(line + 1, lines.length),
                lines.length)).trim();
        try {
            return new Answer(Integer.parseInt(status[1]), retryAfter, body);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a $batch response part has the status '" + status[1] + "'", e);
        }
    }
}
