package io.meserp.hub.erp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The wire format of an OData V2 {@code $batch} that creates entities: a {@code multipart/mixed} request with one change
 * set per entity (so that the ERP books or refuses each on its own), and its answer read back as one response per
 * change set, in order: the change set's {@code 201}, or the error the ERP put in its place.
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
        // ISO-8859-1 keeps every byte as one char: boundaries are found in it, bodies decoded as UTF-8 at the end
        for (Part part : parts(contentType, new String(body, StandardCharsets.ISO_8859_1))) {
            if (part.isType("multipart/mixed")) {
                List<Part> changeSet = parts(part.contentType(), part.body());
                if (changeSet.size() != 1) {
                    throw new IllegalArgumentException("a change set of one request was answered with "
                            + changeSet.size() + " responses");
                }
                answers.add(http(changeSet.get(0)));
            } else {
                answers.add(http(part));
            }
        }
        if (answers.size() != expected) {
            throw new IllegalArgumentException(expected + " change sets were answered with " + answers.size()
                    + " responses");
        }
        return answers;
    }

    /** One part of a multipart document: its Content-Type and its body, as ISO-8859-1 text. */
    record Part(String contentType, String body) {
        boolean isType(String type) {
            return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(type);
        }
    }

    /**
     * The parts of a {@code multipart/mixed} document (RFC 2046): what lies between its boundary lines, each split into
     * headers and body at the first blank line. Read here rather than with Jakarta Mail, which looks its providers up on
     * the class path for every document and part: that look-up was a fifth of the hub's CPU while it booked in batches.
     */
    static List<Part> parts(String contentType, String text) {
        String boundary = boundary(contentType);
        String delimiter = "--" + boundary;
        int at = text.startsWith(delimiter) ? 0 : text.indexOf("\n" + delimiter);
        if (at < 0) {
            throw new IllegalArgumentException("the $batch answer is not a multipart/mixed document: no boundary "
                    + boundary);
        }
        at = text.startsWith(delimiter) ? delimiter.length() : at + 1 + delimiter.length();
        List<Part> parts = new ArrayList<>();
        while (!text.startsWith("--", at)) {
            int start = text.indexOf('\n', at);
            int end = start < 0 ? -1 : text.indexOf("\n" + delimiter, start);
            if (end < 0) {
                throw new IllegalArgumentException("the $batch answer is not a multipart/mixed document: it does not end"
                        + " with its closing boundary");
            }
            String part = text.substring(start + 1, end > 0 && text.charAt(end - 1) == '\r' ? end - 1 : end);
            int blank = blankLine(part);
            String headers = blank < 0 ? part : part.substring(0, blank);
            String type = null;
            for (String line : headers.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
                    type = line.substring(colon + 1).trim();
                }
            }
            parts.add(new Part(type, blank < 0 ? "" : part.substring(part.indexOf('\n', blank + 1) + 1)));
            at = end + 1 + delimiter.length();
        }
        return parts;
    }

    private static int blankLine(String part) {
        int crlf = part.indexOf("\r\n\r\n");
        int lf = part.indexOf("\n\n");
        return crlf < 0 ? lf : lf < 0 ? crlf + 2 : Math.min(crlf + 2, lf);
    }

    private static String boundary(String contentType) {
        for (String parameter : contentType == null ? new String[0] : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new IllegalArgumentException("the $batch answer is not a multipart/mixed document: Content-Type '"
                + contentType + "' names no boundary");
    }

    /** An {@code application/http} part: status line, headers, blank line, body. */
    private static Answer http(Part part) {
        if (!part.isType("application/http")) {
            throw new IllegalArgumentException("a $batch response part is " + part.contentType()
                    + ", not application/http");
        }
        String text = new String(part.body().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
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
