package io.meserp.hub.plant;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Reads a plant's quantity text strictly, in the plant's decimal convention, within the ERP's Decimal 13,3. */
public final class Quantities {

    public static final BigDecimal MAX = new BigDecimal("9999999999.999");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private Quantities() {
    }

    /** The quantity, or an {@link IllegalArgumentException} whose message says what is wrong with it. */
    public static BigDecimal parse(String raw, char decimalSeparator, Character groupingSeparator) {
        String text = raw.trim();
        if (groupingSeparator != null && text.indexOf(groupingSeparator) >= 0) {
            String g = Pattern.quote(String.valueOf(groupingSeparator));
            String d = Pattern.quote(String.valueOf(decimalSeparator));
            // "1.250,5" is fine; "1.5" with '.' as thousands separator is not fifteen: it is refused.
            if (!text.matches("[+-]?\\d{1,3}(" + g + "\\d{3})+(" + d + "\\d+)?")) {
                throw new IllegalArgumentException("'" + raw + "' is not a number in this plant's format (decimal '"
                        + decimalSeparator + "', thousands '" + groupingSeparator + "' between groups of 3 digits)");
            }
            text = text.replace(String.valueOf(groupingSeparator), "");
        }
        if (decimalSeparator != '.') {
            if (text.indexOf('.') >= 0) {
                throw new IllegalArgumentException("'" + raw + "' uses '.' but this plant's decimal separator is '"
                        + decimalSeparator + "'");
            }
            text = text.replace(decimalSeparator, '.');
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is not a number");
        }
        return check(new BigDecimal(text), raw);
    }

    /** A measured value in the plant's convention: may be negative, any number of decimals. */
    public static BigDecimal parseMeasurement(String raw, char decimalSeparator) {
        String text = raw.trim();
        if (decimalSeparator != '.') {
            if (text.indexOf('.') >= 0) {
                throw new IllegalArgumentException("'" + raw + "' uses '.' but this plant's decimal separator is '"
                        + decimalSeparator + "'");
            }
            text = text.replace(decimalSeparator, '.');
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is not a number");
        }
        return new BigDecimal(text);
    }

    public static BigDecimal check(BigDecimal value, String raw) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("'" + raw + "' is negative");
        }
        if (value.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("'" + raw + "' has more than 3 decimals");
        }
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + raw + "' is larger than the ERP accepts (10 digits, 3 decimals)");
        }
        return value.setScale(3);
    }
}
