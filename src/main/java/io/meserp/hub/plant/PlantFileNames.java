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
        Path errorDir = inbox.resolveSibling("error");
        String reason = "file name '" + plain + "' contains '..', a backslash or control characters; plants must name"
                + " files plainly (letters, digits, '-', '_', '.')";
        try {
            Files.createDirectories(errorDir);
            Files.move(actual.toPath(), errorDir.resolve(tag + "-" + plain), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Plant {}: cannot move badly named file {} out of the inbox: {}", plant, plain, e.getMessage());
            return false;
        }
        String report = reports.write(plant, tag + "-" + plain, plain, reason);
        ledger.recordInputException("file", plant, null, plain, reason, null);
        ledger.recordFile(new FileOutcome(plant, plain, null, actual.length(), "REJECTED", 0, 0, 0, report));
        LOG.warn("Plant {} file {} refused: {}; report {}", plant, plain, reason, report);
        return false;
    }

    static boolean unsafe(String name) {
        return name.contains("..") || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The name with every backslash and control character replaced by '_'. */
    public static String plain(String name) {
        return name.replace('\\', '_').replaceAll("\\p{Cntrl}", "_");
    }
}
