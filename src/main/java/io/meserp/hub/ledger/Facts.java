package io.meserp.hub.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fingerprint of the fact an event carries (its {@code data}), so the ledger can tell a re-sent fact from another
 * fact that arrives under an id already taken. The same fact written differently hashes the same: numbers compare by
 * value (480 = 480.000), times by instant (08:00+01:00 = 07:00Z), fields in any order, absent = null.
 */
public final class Facts {

    private Facts() {
    }

    public static String hash(ObjectMapper mapper, JsonNode data) {
        StringBuilder canonical = new StringBuilder();
        write(data, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            out.append('"').append(instantOrText(node.asText()).replace("\"", "\\\"")).append('"');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode item : node) {
                write(item, out);
                out.append(',');
            }
            out.append(']');
        } else if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), field.getValue());
                }
            }
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append(k).append(':');
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else {
            out.append(node.asText());
        }
    }

    private static String instantOrText(String text) {
        if (text.length() >= 20 && text.length() <= 40 && Character.isDigit(text.charAt(0)) && text.charAt(10) == 'T') {
            try {
                return OffsetDateTime.parse(text).toInstant().toString();
            } catch (DateTimeParseException notATime) {
                return text;
            }
        }
        return text;
    }
}
