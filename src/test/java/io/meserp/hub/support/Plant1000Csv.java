package io.meserp.hub.support;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes confirmation files the way plant 1000's MES does (semicolon, decimal comma, German headers, local
 * time), and remembers each row so a test can compare what the ERP booked with what was sent.
 */
public class Plant1000Csv {

    public static final String HEADER = "Meldungs-ID;Auftrag;Vorgang;Arbeitsplatz;Gutmenge;Ausschuss;Nacharbeit;Einheit;"
            + "Endrückmeldung;Start;Ende;Personalnummer;Abweichungsgrund";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    private static final String[] OPERATIONS = {"0010", "0020", "0030"};
    private static final String[] WORK_CENTERS = {"ASSY-01", "ASSY-02", "TEST-01"};

    /** One row as sent: order, operation, quantities, plant-local start and end. */
    public record Row(String order, String operation, BigDecimal yield, BigDecimal scrap, LocalDateTime start,
            LocalDateTime end, String line) {
    }

    private final List<String> lines = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();

    /**
     * {@code count} rows spread over {@code orders} orders from 1000000, operations 0010-0030. {@code day}
     * separates the facts of one test from another's.
     */
    public static Plant1000Csv generate(int count, int orders, LocalDateTime day) {
        Plant1000Csv csv = new Plant1000Csv();
        for (int i = 0; i < count; i++) {
            String order = Integer.toString(1000000 + i % orders);
            int op = (i / orders) % 3;
            LocalDateTime start = day.plusMinutes(i * 3L);
            LocalDateTime end = start.plusMinutes(2).plusSeconds(i % 60);
            BigDecimal yield = new BigDecimal(10 + i % 17).add(new BigDecimal("0.25").multiply(new BigDecimal(i % 4)));
            BigDecimal scrap = new BigDecimal(i % 5).divide(new BigDecimal(2));
            csv.add(order, OPERATIONS[op], WORK_CENTERS[op], yield, scrap, start, end);
        }
        return csv;
    }

    public void add(String order, String operation, String workCenter, BigDecimal yield, BigDecimal scrap,
            LocalDateTime start, LocalDateTime end) {
        String line = String.join(";", "", order, operation.replaceFirst("^0+", ""), workCenter, german(yield),
                german(scrap), "0", "ST", "", TIME.format(start), TIME.format(end), "4711", "");
        rows.add(new Row(order, operation, yield, scrap, start, end, line));
        lines.add(line);
    }

    /** Replaces a row's text (to make it bad on purpose); the row is then not expected in the ERP. */
    public void replaceLine(int index, String line) {
        lines.set(index, line);
        rows.set(index, null);
    }

    public List<Row> rows() {
        return rows.stream().filter(r -> r != null).toList();
    }

    public List<String> lines() {
        return lines;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        lines.forEach(l -> out.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static String german(BigDecimal value) {
        return value.toPlainString().replace('.', ',');
    }
}
