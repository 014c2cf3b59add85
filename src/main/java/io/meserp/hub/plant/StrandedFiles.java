package io.meserp.hub.plant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.meserp.hub.cluster.HubInstance;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.ledger.FileOutcome;
import io.meserp.hub.ledger.FileTakes;
import io.meserp.hub.ledger.Ledger;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Plant files a hub had taken (moved to its folder {@code work/<instance>/}) when it stopped. Each hub puts its own back
 * into the inbox when it starts; and every hub looks now and then for the folders of hubs that are not running (their
 * liveness lock is free, {@link HubInstance}) and puts theirs back, so that a hub that does not come back strands no
 * file. What a file had already queued is recognised when it is taken again and not sent twice.
 */
@Component
public class StrandedFiles {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StrandedFiles.class);
    /** A stored name: the intake's tag, then the name the plant gave the file. */
    private static final Pattern STORED = Pattern.compile("\\d{8}-\\d{9}-(.+)");

    private final PlantRegistry plants;
    private final HubProperties properties;
    private final HubInstance instance;
    private final Ledger ledger;
    private final FileTakes takes;
    private final PlantFileReports reports;
    private final IdempotentRepository readLocks;
    private final java.time.Duration lockMaxAge;

    public StrandedFiles(PlantRegistry plants, HubProperties properties, HubInstance instance, Ledger ledger,
            FileTakes takes, PlantFileReports reports, @Qualifier("fileReadLockRepository") IdempotentRepository readLocks,
            @org.springframework.beans.factory.annotation.Value("${hub.cluster.file-lock-max-age}") java.time.Duration lockMaxAge) {
        this.lockMaxAge = lockMaxAge;
        this.plants = plants;
        this.properties = properties;
        this.instance = instance;
        this.ledger = ledger;
        this.takes = takes;
        this.reports = reports;
        this.readLocks = readLocks;
    }

    /** This hub's folder for the files it is reading, below the plant's work/. */
    public Path workDir(Path plantDir) {
        return plantDir.resolve("work").resolve(instance.id());
    }

    /**
     * At start: this hub's own stranded files, and loose files in work/ (left by a hub of a version that had one work
     * folder for all).
     */
    public void putBackOwn(String plant, Path plantDir) {
        putBack(plant, plantDir, workDir(plantDir));
        putBack(plant, plantDir, plantDir.resolve("work"));
    }

    /**
     * The stranded files of hubs that are not running, for every plant, and the read locks such hubs left (the
     * stranded-file sweep). A lock is released when its file is archived or set aside; a hub killed in between leaves
     * it, and once no hub has renewed it for {@code hub.cluster.file-lock-max-age} it is deleted here.
     */
    public void adoptFromStoppedHubs() {
        int expired = takes.clearExpiredLocks(PlantRoutes.READ_LOCK_PROCESSOR, lockMaxAge);
        if (expired > 0) {
            LOG.info("{} plant file read lock(s) not renewed for {} (their hub stopped before releasing them) deleted",
                    expired, lockMaxAge);
        }
        for (PlantDefinition plant : plants.all()) {
            Path plantDir = properties.plantDir(plant.id()).toAbsolutePath().normalize();
            for (Path folder : list(plantDir.resolve("work"), Files::isDirectory)) {
                String other = folder.getFileName().toString();
                if (!list(folder, Files::isRegularFile).isEmpty()
                        && instance.whileStopped(other, () -> putBack(plant.id(), plantDir, folder))) {
                    LOG.info("Plant {}: hub {} is not running; its unfinished files went back to the inbox", plant.id(),
                            other);
                }
            }
        }
    }

    /**
     * Each file of {@code work} goes back to the inbox under the name the plant gave it, its read lock released. A file
     * the hub has stopped on {@code hub.plants.max-take-attempts} times (it runs out of memory on it, say) is set aside
     * to error/ with a report and an exception record instead, so one file cannot keep the hubs in a crash loop. If a
     * newer file of that name is in the inbox, the stranded one is set aside to error/ too, with a report and an exception
     * record: support moves it back once the newer one is taken.
     */
    private void putBack(String plant, Path plantDir, Path work) {
        for (Path file : list(work, Files::isRegularFile)) {
            try {
                putBack(plant, plantDir, file, file.getFileName().toString());
            } catch (NoSuchFileException another) {
                // another hub put it back first
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot put back the file " + file + " stranded in " + work, e);
            }
        }
    }

    private void putBack(String plant, Path plantDir, Path file, String stored) throws IOException {
        Matcher tagged = STORED.matcher(stored);
        String name = tagged.matches() ? tagged.group(1) : stored;
        long size = Files.size(file);
        int maxTakeAttempts = properties.plants().maxTakeAttempts();
        int stops = takes.countInterruptedTake(plant, name, size, Files.getLastModifiedTime(file).toMillis());
        if (stops >= maxTakeAttempts) {
            String reason = "the hub stopped " + stops + " times while reading this file (" + size + " bytes; out"
                    + " of memory, or killed); it is set aside (hub.plants.max-take-attempts) so that other files"
                    + " flow: split it, or raise the hub's memory, and drop it again (what it queued is not sent twice)";
            Files.move(file, plantDir.resolve("error").resolve(stored), StandardCopyOption.ATOMIC_MOVE);
            String report = reports.write(plant, stored, name, reason);
            ledger.recordInputException("file", plant, null, name, reason, null);
            ledger.recordFile(new FileOutcome(plant, name, null, size, "REJECTED", 0, 0, 0, report));
            readLocks.remove(PlantRoutes.readLockKey(plant, name));
            LOG.warn("Plant {} file {} set aside: {}; report {}", plant, name, reason, report);
            return;
        }
        Path back = plantDir.resolve("inbox").resolve(name);
        if (Files.exists(back)) {
            String reason = "file " + stored + " was being read when its hub stopped; a newer file " + name
                    + " is in the inbox, so it is set aside to error/: move it back to the inbox, under the name after"
                    + " its tag, once that one is taken (what it queued is not sent twice)";
            Files.move(file, plantDir.resolve("error").resolve(stored), StandardCopyOption.ATOMIC_MOVE);
            String report = reports.write(plant, stored, name, reason);
            ledger.recordInputException("file", plant, null, name, reason, null);
            LOG.warn("Plant {}: {}; report {}", plant, reason, report);
            return;
        }
        // the lock of the hub that read it is released first: the file can be taken at once, here or on another hub
        readLocks.remove(PlantRoutes.readLockKey(plant, name));
        Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Plant {}: file {} was being read when its hub stopped ({} of {} tries); it is back in the inbox as {}",
                plant, stored, stops, maxTakeAttempts, name);
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<Path> which) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(which).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }
}
