package io.meserp.hub.erp;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A workflow's canonical payload as a built-in connector reads it: members by name, absent or null as null. The
 * workflow's schema has already checked the payload, so a member of the wrong form here is a defect, said as such.
 */
public record Payload(JsonNode data) {

    public String text(String member) {
        JsonNode v = data.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }

    public BigDecimal decimal(String member) {
        JsonNode v = data.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    }

    /** A decimal that is zero when absent (yield, scrap, rework). */
    public BigDecimal decimalOrZero(String member) {
        BigDecimal v = decimal(member);
        return v == null ? BigDecimal.ZERO : v;
    }

    public OffsetDateTime time(String member) {
        String v = text(member);
        return v == null ? null : OffsetDateTime.parse(v);
    }

    public Boolean bool(String member) {
        JsonNode v = data.get(member);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    public boolean flag(String member) {
        return Boolean.TRUE.equals(bool(member));
    }

    public Payload member(String member) {
        JsonNode v = data.get(member);
        return v == null || v.isNull() ? null : new Payload(v);
    }
}
