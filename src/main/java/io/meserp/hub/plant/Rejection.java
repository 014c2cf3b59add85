package io.meserp.hub.plant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One bad row or element of a plant file: where it is, which field, the value found and why it was refused.
 * It goes into the file's error report and becomes an exception record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(String location, String field, String column, String value, String reason, String order,
        String flow) {

    /** Values longer than this are cut in reports and records (a 1 MB field must not travel further). */
    static final int MAX_VALUE = 200;
    static final int MAX_REASON = 500;

    public Rejection {
        if (value != null && value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE) + "… (" + value.length() + " characters)";
        }
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "… (" + reason.length() + " characters)";
        }
        if (order != null && order.length() > 40) {
            order = order.substring(0, 39) + "…";
        }
    }

    public Rejection(String location, String field, String column, String value, String reason, String order) {
        this(location, field, column, value, reason, order, null);
    }

    public static Rejection of(String location, String field, String reason) {
        return new Rejection(location, field, null, null, reason, null);
    }

    public Rejection withOrder(String orderNo) {
        return new Rejection(location, field, column, value, reason, orderNo, flow);
    }

    /** The same rejection, attributed to the flow whose reading refused it (a B2MML file may feed two). */
    public Rejection withFlow(String flowName) {
        return new Rejection(location, field, column, value, reason, order, flowName);
    }

    /** One line for logs and the exception list. */
    public String describe() {
        StringBuilder s = new StringBuilder(location);
        if (field != null) {
            s.append(", field ").append(field);
            if (column != null) {
                s.append(" (column '").append(column).append("')");
            }
        }
        return s.append(": ").append(reason).toString();
    }
}
