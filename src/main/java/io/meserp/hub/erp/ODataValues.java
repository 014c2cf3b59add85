package io.meserp.hub.erp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/** Values in OData V2 JSON as SAP Gateway writes them: Decimal as text, DateTime as /Date(ms)/, Time as PTnnHnnMnnS. */
public final class ODataValues {

    private ODataValues() {
    }

    public static String decimal(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** A date-only Edm.DateTime: UTC midnight of that date. */
    public static String date(LocalDate date) {
        return "/Date(" + date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + ")/";
    }

    public static String time(LocalTime time) {
        return String.format("PT%02dH%02dM%02dS", time.getHour(), time.getMinute(), time.getSecond());
    }
}
