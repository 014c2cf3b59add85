package io.meserp.hub.plant;

import java.util.Comparator;

import org.apache.camel.component.file.GenericFile;
import org.springframework.stereotype.Component;

/**
 * The order in which a plant's waiting files are taken ({@code sorter=#plantFileOrder}): oldest first, and files written
 * within the same millisecond (an MES that writes a shift's files at once) by name, with runs of digits compared as
 * numbers, so that {@code shift-9.csv} comes before {@code shift-10.csv}. Camel's {@code sortBy=file:name} compares
 * names as text and put {@code -10} before {@code -9}: one order's events in those files would have been queued, and
 * booked, out of order.
 */
@Component("plantFileOrder")
public class PlantFileOrder implements Comparator<GenericFile<?>> {

    @Override
    public int compare(GenericFile<?> a, GenericFile<?> b) {
        int byAge = Long.compare(a.getLastModified(), b.getLastModified());
        return byAge != 0 ? byAge : compareNames(a.getFileNameOnly(), b.getFileNameOnly());
    }

    /** Text compared character by character, except that a run of digits is compared with the other name's by value. */
    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byValue = compareNumbers(a.substring(i, endA), b.substring(j, endB));
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int byRest = Integer.compare(a.length() - i, b.length() - j);
        // names equal by value ("f-01", "f-1") still have an order, or a sort would call them the same file
        return byRest != 0 ? byRest : a.compareTo(b);
    }

    /** Two runs of digits by value, of any length (leading zeros do not count). */
    private static int compareNumbers(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
