package io.meserp.hub.plant;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import io.meserp.hub.ledger.FileOutcome;
import io.meserp.hub.ledger.Ledger;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The plant file route's filter ({@code filter=#plantFileNames}), the one place file names are checked: a name with
 * '..', a backslash or control characters is refused. Such a file cannot always be handled by name at all (Camel reads
 * a backslash as a folder), so it is moved to error/ here, under a plain name, with a report and an exception record,
 * instead of staying in the inbox for ever.
 */
@Component("plantFileNames")
public class PlantFileNames implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(PlantFileNames.class);
    private static final DateTimeFormatter TAG = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
    /** Stored names stay below this many bytes: 255 (ext4, XFS, NTFS) less room for ".report.json" and ".tmp". */
    static final int MAX_STORED_BYTES = 200;

    private final Ledger ledger;
    private final PlantFileReports reports;

    public PlantFileNames(Ledger ledger, PlantFileReports reports) {
        this.ledger = ledger;
        this.reports = reports;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        File actual = file.getFile();
        String name = actual.getName();
        if (!unsafe(name)) {
            return true;
        }
        Path inbox = actual.toPath().getParent();
        String plant = inbox.getParent().getFileName().toString();
        String plain = plain(name);
        String tag = LocalDateTime.now().format(TAG);
        String stored = storedName(tag, plain);
        Path errorDir = inbox.resolveSibling("error");
        String reason = "file name '" + plain + "' contains '..', a backslash or control characters; plants must name"
                + " files plainly (letters, digits, '-', '_', '.')";
        try {
            Files.createDirectories(errorDir);
            Files.move(actual.toPath(), errorDir.resolve(stored), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Plant {}: cannot move badly named file {} out of the inbox: {}", plant, plain, e.getMessage());
            return false;
        }
        String report = reports.write(plant, stored, plain, reason);
        ledger.recordInputException("file", plant, null, plain, reason, null);
        ledger.recordFile(new FileOutcome(plant, plain, null, actual.length(), "REJECTED", 0, 0, 0, report));
        LOG.warn("Plant {} file {} refused: {}; report {}", plant, plain, reason, report);
        return false;
    }

    /**
     * The file route's {@code preMove}: the name the file is kept under from the moment it is taken (in work/, then in
     * archive/ or error/), which is also where the hub reads it from. Moving it out of the inbox first means the hub
     * reads, archives and reports exactly the bytes it took: a newer file written under the same name meanwhile is a
     * file of its own. Sets the headers the intake names the file by: its tag and its name as the plant wrote it.
     */
    public String takeAs(org.apache.camel.Exchange exchange) {
        String name = exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME_ONLY, String.class);
        String tag = LocalDateTime.now().format(TAG);
        exchange.getIn().setHeader(PlantFileIntake.FILE_TAG, tag);
        exchange.getIn().setHeader(PlantFileIntake.FILE_NAME, name);
        return storedName(tag, name);
    }

    /**
     * The name in the file's read-lock key (PlantRoutes.readLockKey): the name the plant gave it, both when the lock is
     * taken (the file is still in the inbox) and when it is released (it was moved under its stored name by then, and
     * the file consumer reads the key again from the exchange's headers; takeAs kept the plant's name in one).
     */
    public String lockName(org.apache.camel.Exchange exchange) {
        String taken = exchange.getIn().getHeader(PlantFileIntake.FILE_NAME, String.class);
        return taken != null ? taken : exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME_ONLY, String.class);
    }

    /**
     * {@code <tag>-<name>}, shortened when it would not fit a file system's 255 bytes with a report's suffix: the
     * start of the name, '~', eight hex digits of the name's SHA-256, and its extension. The same name always gives
     * the same shortened name; ledger, exception records and reports keep the whole name.
     */
    public static String storedName(String tag, String name) {
        String whole = tag + "-" + name;
        if (whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_STORED_BYTES) {
            return whole;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 12 ? name.substring(dot) : "";
        String hash = PlantFileIntake.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
        String stem = name.substring(0, name.length() - extension.length());
        String suffix = "~" + hash + extension;
        int budget = MAX_STORED_BYTES - (tag.length() + 1) - suffix.length();
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + len > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return tag + "-" + kept + suffix;
    }

    static boolean unsafe(String name) {
        return name.contains("..") || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The name with every backslash and control character replaced by '_'. */
    public static String plain(String name) {
        return name.replace('\\', '_').replaceAll("\\p{Cntrl}", "_");
    }
}
