package io.meserp.hub.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the sandbox reads and writes OData V2 JSON values, as SAP Gateway does. */
final class SandboxJson {

    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    private static final Pattern TIME = Pattern.compile("PT(\\d{1,2})H(\\d{1,2})M(\\d{1,2})S");

    private SandboxJson() {
    }

    static String date(Object value) {
        LocalDate date = localDate(value);
        return date == null ? null : "/Date(" + date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + ")/";
    }

    static String time(Object value) {
        LocalTime time = localTime(value);
        return time == null ? "PT00H00M00S"
                : String.format("PT%02dH%02dM%02dS", time.getHour(), time.getMinute(), time.getSecond());
    }

    private static LocalDate localDate(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        return (LocalDate) value;
    }

    private static LocalTime localTime(Object value) {
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toLocalTime();
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalTime();
        }
        return (LocalTime) value;
    }

    static String decimal(Object value) {
        return value == null ? null : ((BigDecimal) value).setScale(3).toPlainString();
    }

    /** Accepts /Date(ms)/ as SAP writes it, and ISO dates or date-times as clients also send. */
    static LocalDate parseDate(String text) {
        Matcher m = DATE.matcher(text);
        if (m.matches()) {
            return Instant.ofEpochMilli(Long.parseLong(m.group(1))).atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return text.length() > 10 ? LocalDateTime.parse(text).toLocalDate() : LocalDate.parse(text);
    }

    static LocalTime parseTime(String text) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Edm.Time: " + text);
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
