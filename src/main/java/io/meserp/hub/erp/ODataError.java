package io.meserp.hub.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns an SAP Gateway error body into one readable line: "RU/008 Order 1000999 does not exist (details)". */
final class ODataError {

    private ODataError() {
    }

    static String describe(ObjectMapper mapper, int status, String body) {
        if (body == null || body.isBlank()) {
            return "HTTP " + status + " with an empty body";
        }
        try {
            JsonNode error = mapper.readTree(body).path("error");
            if (error.isObject()) {
                StringBuilder text = new StringBuilder();
                String code = error.path("code").asText("");
                if (!code.isEmpty()) {
                    text.append(code).append(' ');
                }
                text.append(error.path("message").path("value").asText(error.path("message").asText("")));
                JsonNode details = error.path("innererror").path("errordetails");
                for (JsonNode d : details) {
                    String detail = d.path("message").asText("");
                    if (!detail.isEmpty() && text.indexOf(detail) < 0) {
                        text.append(" | ").append(d.path("code").asText("")).append(' ').append(detail);
                    }
                }
                return "HTTP " + status + ": " + text.toString().trim();
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        String raw = body.strip().replaceAll("\\s+", " ");
        return "HTTP " + status + ": " + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw);
    }
}
