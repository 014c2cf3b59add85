package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/**
 * How the sandbox reads request fields the way SAP Gateway checks them: lengths, Edm.Decimal(13,3), dates and
 * times; a violation is a 400 with a message of the service's class ({@code RU} confirmations, {@code M7}
 * inventory).
 */
final class SandboxFields {

    private final String messageClass;

    SandboxFields(String messageClass) {
        this.messageClass = messageClass;
    }

    String text(JsonNode body, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        String value = node == null || node.isNull() ? null : node.asText();
        if (value == null || value.isEmpty()) {
            if (required) {
                throw bad(messageClass + "/110", "Property " + field + " is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw bad(messageClass + "/111", "Property " + field + " value '" + value + "' exceeds its length of " + max);
        }
        return value;
    }

    /** A quantity ≥ 0 that fits Edm.Decimal(13,3); zero when absent. */
    BigDecimal quantity(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            return BigDecimal.ZERO.setScale(3);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            throw bad(messageClass + "/112", "Property " + field + " value '" + node.asText() + "' is not an Edm.Decimal");
        }
        if (value.signum() < 0) {
            throw bad(messageClass + "/113", "Quantity " + field + " must not be negative");
        }
        if (value.stripTrailingZeros().scale() > 3 || value.precision() - value.scale() > 10) {
            throw bad(messageClass + "/114", "Property " + field + " value '" + node.asText() + "' does not fit Edm.Decimal(13,3)");
        }
        return value.setScale(3);
    }

    LocalDate date(JsonNode body, String field) {
        return value(body, field, SandboxJson::parseDate, "/115", "Edm.DateTime");
    }

    LocalTime time(JsonNode body, String field) {
        return value(body, field, SandboxJson::parseTime, "/116", "Edm.Time");
    }

    private <T> T value(JsonNode body, String field, Function<String, T> parse, String number, String type) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return parse.apply(node.asText());
        } catch (RuntimeException e) {
            throw bad(messageClass + number, "Property " + field + " value '" + node.asText() + "' is not an " + type);
        }
    }

    static ODataErrors.ODataException bad(String code, String message) {
        return new ODataErrors.ODataException(HttpStatus.BAD_REQUEST, code, message);
    }

    static Object nz(Object value) {
        return value == null ? "" : value;
    }

    /** The URL of a service root as the caller reached it, for {@code __metadata} links. */
    static String base(HttpServletRequest request, String service) {
        String url = request.getRequestURL().toString();
        return url.substring(0, url.indexOf(SandboxODataController.ROOT) + SandboxODataController.ROOT.length()) + "/" + service;
    }
}
