package io.meserp.hub.plant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.sql.DataSource;

import io.meserp.hub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes one {@code plant-file-inbound} route per configured plant (id {@code plant-file-inbound-<plant>}) from
 * the template in routes/plant-file-inbound.camel.yaml, and creates the plant's folders; and, when plants may publish
 * messages (hub.channels.messaging), one {@code plant-message-inbound-<plant>} route from
 * routes/plant-message-inbound.camel.yaml.
 */
@Configuration(proxyBeanMethods = false)
public class PlantRoutes {

    static final String TEMPLATE = "plant-file-inbound";
    static final String MESSAGE_TEMPLATE = "plant-message-inbound";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlantRoutes.class);
    /** A stored name: the intake's tag, then the name the plant gave the file. */
    private static final java.util.regex.Pattern STORED = java.util.regex.Pattern.compile("\\d{8}-\\d{9}-(.+)");

    /** File fingerprints taken, in CAMEL_MESSAGEPROCESSED (primary key = the unique constraint). */
    @Bean
    IdempotentRepository fileIdempotentRepository(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, TEMPLATE);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    @Bean
    CamelContextConfiguration plantInboundRoutes(PlantRegistry plants, HubProperties properties,
            io.meserp.hub.ledger.Ledger ledger, PlantFileReports reports,
            io.meserp.hub.config.ChannelProperties channels) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                // routes are added once the YAML templates are loaded
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                for (PlantDefinition plant : plants.all()) {
                    Path dir = properties.plantDir(plant.id()).toAbsolutePath().normalize();
                    for (String folder : new String[] {"inbox", "work", "archive", "error", "outbox"}) {
                        try {
                            Files.createDirectories(dir.resolve(folder));
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot create " + dir.resolve(folder), e);
                        }
                    }
                    putBackStranded(plant.id(), dir, ledger, reports, properties.plants().maxTakeAttempts());
                    // a file renamed into the inbox when complete needs no read lock: it is whole once it is there
                    boolean renamed = plant.fileArrival() == PlantDefinition.FileArrival.RENAMED;
                    TemplatedRouteBuilder.builder(camelContext, TEMPLATE)
                            .routeId(TEMPLATE + "-" + plant.id())
                            .parameter("plant", plant.id())
                            .parameter("inbox", dir.resolve("inbox").toString())
                            .parameter("plantDir", dir.toString())
                            .parameter("readLock", renamed ? "none" : "changed")
                            .add();
                    if (channels.messaging()) {
                        TemplatedRouteBuilder.builder(camelContext, MESSAGE_TEMPLATE)
                                .routeId(MESSAGE_TEMPLATE + "-" + plant.id())
                                .parameter("plant", plant.id())
                                .parameter("queue", channels.queueOf(plant.id()))
                                .add();
                    }
                }
            }
        };
    }

    /**
     * A file the hub had taken (moved to work/) when it stopped goes back to the inbox under the name the plant gave it,
     * to be taken again (what it had already queued is recognised and not sent twice). A file the hub has stopped on
     * {@code maxTakeAttempts} times (it runs out of memory on it, say) is set aside to error/ with a report and an
     * exception record instead, so one file cannot keep the hub in a crash loop. If a newer file of that name is in the
     * inbox, the stranded one stays in work/ and support gets an exception record saying so.
     */
    static void putBackStranded(String plant, Path dir, io.meserp.hub.ledger.Ledger ledger, PlantFileReports reports,
            int maxTakeAttempts) {
        Path work = dir.resolve("work");
        try (java.util.stream.Stream<Path> files = Files.list(work)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String stored = file.getFileName().toString();
                java.util.regex.Matcher tagged = STORED.matcher(stored);
                String name = tagged.matches() ? tagged.group(1) : stored;
                long size = Files.size(file);
                int stops = ledger.countInterruptedTake(plant, name, size, Files.getLastModifiedTime(file).toMillis());
                if (stops >= maxTakeAttempts) {
                    String reason = "the hub stopped " + stops + " times while reading this file (" + size + " bytes; out"
                            + " of memory, or killed); it is set aside (hub.plants.max-take-attempts) so that other files"
                            + " flow: split it, or raise the hub's memory, and drop it again (what it queued is not sent twice)";
                    Files.move(file, dir.resolve("error").resolve(stored), StandardCopyOption.ATOMIC_MOVE);
                    String report = reports.write(plant, stored, name, reason);
                    ledger.recordInputException("file", plant, null, name, reason, null);
                    ledger.recordFile(new io.meserp.hub.ledger.FileOutcome(plant, name, null, size, "REJECTED", 0, 0, 0,
                            report));
                    LOG.warn("Plant {} file {} set aside: {}; report {}", plant, name, reason, report);
                    continue;
                }
                Path back = dir.resolve("inbox").resolve(name);
                if (Files.exists(back)) {
                    String reason = "file " + stored + " was being read when the hub stopped; a newer file " + name
                            + " is in the inbox, so it stays in work/: move it back to the inbox once that one is taken";
                    LOG.warn("Plant {}: {}", plant, reason);
                    ledger.recordInputException("file", plant, null, name, reason, null);
                    continue;
                }
                Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Plant {}: file {} was being read when the hub stopped ({} of {} tries); it is back in the inbox"
                        + " as {}", plant, stored, stops, maxTakeAttempts, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot put back the files stranded in " + work, e);
        }
    }
}
