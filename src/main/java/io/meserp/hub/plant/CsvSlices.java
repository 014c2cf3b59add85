package io.meserp.hub.plant;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A CSV file read a slice at a time, so that a file of any size is taken with little memory: each slice is the file's
 * header line followed by up to {@code rowsPerSlice} of its next non-blank lines, as bytes. A slice is read with the
 * plant's layout {@link CsvLayout#after positioned} at the rows and lines before it, so rows and lines keep the numbers
 * they have in the file.
 * <p>
 * Only a file whose every record is one line can be cut at any line ({@link #sliceable}): not a mapping with
 * {@code multiline-fields}, not UTF-16 (whose line breaks are two bytes), not JSON. A line longer than
 * {@code maxLineBytes} refuses the file: no plant writes such a row, and reading it would hold it whole in memory.
 * Commons CSV reads a slice; this class only finds line ends, because no CSV library hands out its input in pieces
 * that can be parsed (and validated, queued, forgotten) one after another.
 */
final class CsvSlices implements Closeable {

    /** One slice: its bytes (header first) and how many more lines of the file lie before it than it holds. */
    record Slice(byte[] content, int linesSkipped) {
    }

    private final InputStream in;
    private final int rowsPerSlice;
    private final int maxLineBytes;
    private byte[] header;
    /** 0-based index of the next line of the file to be read. */
    private int line;
    private boolean ended;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;

    CsvSlices(InputStream in, int rowsPerSlice, int maxLineBytes) {
        this.in = in;
        this.rowsPerSlice = rowsPerSlice;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Whether a plant file can be read in slices: a CSV (not JSON records, whose first byte is '{' or '['), one line per
     * record, in a charset whose line feed is the single byte 10 (UTF-8, ISO-8859-x, windows-125x, ASCII).
     */
    static boolean sliceable(CsvLayout layout, byte[] head) {
        String charset = layout.charset().name().toUpperCase(java.util.Locale.ROOT);
        if (layout.multilineFields() || charset.startsWith("UTF-16") || charset.startsWith("UTF-32")) {
            return false;
        }
        if (head.length >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
            return false;
        }
        char first = PlantContentReader.firstChar(head);
        return first != '{' && first != '[';
    }

    /** The next slice, or null when the file has no more non-blank lines. */
    Slice next() throws IOException {
        if (ended) {
            return null;
        }
        if (header == null) {
            header = readHeader();
            if (header == null) {
                ended = true;
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length * (rowsPerSlice + 1));
        out.write(header);
        int firstDataLine = -1;
        int rows = 0;
        while (rows < rowsPerSlice) {
            byte[] bytes = readLine();
            if (bytes == null) {
                ended = true;
                break;
            }
            if (firstDataLine < 0) {
                firstDataLine = line - 1;
            }
            out.write(bytes);
            if (!blank(bytes)) {
                rows++;
            }
        }
        if (rows == 0) {
            // blank lines at the end of the file: nothing to read
            ended = true;
            return null;
        }
        return new Slice(out.toByteArray(), firstDataLine - 1);
    }

    /** The first non-blank line (with its line end); the blank lines before it are counted, as the CSV parser skips them. */
    private byte[] readHeader() throws IOException {
        for (byte[] bytes = readLine(); bytes != null; bytes = readLine()) {
            if (!blank(bytes)) {
                return bytes;
            }
        }
        return null;
    }

    /** The next line with its line end, or null at the end of the file. */
    private byte[] readLine() throws IOException {
        ByteArrayOutputStream bytes = null;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (bytes == null || bytes.size() == 0) {
                        return null;
                    }
                    line++;
                    return bytes.toByteArray();
                }
            }
            int end = pos;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            boolean complete = end < limit;
            int length = (complete ? end + 1 : end) - pos;
            if (complete && bytes == null) {
                byte[] whole = java.util.Arrays.copyOfRange(buffer, pos, pos + length);
                pos += length;
                line++;
                check(whole.length);
                return whole;
            }
            if (bytes == null) {
                bytes = new ByteArrayOutputStream(Math.max(128, length * 2));
            }
            bytes.write(buffer, pos, length);
            pos += length;
            check(bytes.size());
            if (complete) {
                line++;
                return bytes.toByteArray();
            }
        }
    }

    private void check(int lineBytes) {
        if (lineBytes > maxLineBytes) {
            throw new FileRejectedException("line " + (line + 1) + " is longer than " + maxLineBytes
                    + " bytes: no plant row is that long (a binary file, or line breaks the hub does not read)");
        }
    }

    /** Empty, or only a carriage return: the CSV parser skips it and does not count it as a row. */
    private static boolean blank(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return end == 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
