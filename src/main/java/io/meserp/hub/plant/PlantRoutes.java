package io.meserp.hub.plant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.meserp.hub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
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
    /** The read locks' processorName in CAMEL_MESSAGEPROCESSED. */
    static final String READ_LOCK_PROCESSOR = TEMPLATE + "-lock";

    /**
     * Which plant file is being read, and by which hub, in CAMEL_MESSAGEPROCESSED: the file consumer's read lock
     * (readLock idempotent) on the key {@link #readLockKey}, the same on every hub whatever path it mounts the plant
     * folders at; the primary key lets one hub alone take a file. A lock its hub stopped renewing (killed) is free after
     * {@code hub.cluster.file-lock-max-age}, and the stranded-file sweep deletes it then; a hub that puts a stranded file
     * back releases it at once ({@link StrandedFiles}).
     */
    @Bean
    IdempotentRepository fileReadLockRepository(DataSource dataSource, CamelContext camelContext,
            @org.springframework.beans.factory.annotation.Value("${hub.cluster.file-lock-max-age}") java.time.Duration maxAge) {
        JdbcOrphanLockAwareIdempotentRepository repository = new JdbcOrphanLockAwareIdempotentRepository(dataSource,
                READ_LOCK_PROCESSOR, camelContext);
        repository.setCreateTableIfNotExists(false);
        repository.setLockMaxAgeMillis(maxAge.toMillis());
        repository.setLockKeepAliveIntervalMillis(Math.max(1000, maxAge.toMillis() / 6));
        return repository;
    }

    /** The read lock's key of a plant's file: the plant, then the file's name in the inbox. */
    public static String readLockKey(String plant, String name) {
        return plant + "/" + name;
    }

    /** File fingerprints taken, in CAMEL_MESSAGEPROCESSED (primary key = the unique constraint). */
    @Bean
    IdempotentRepository fileIdempotentRepository(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, TEMPLATE);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    @Bean
    CamelContextConfiguration plantInboundRoutes(PlantRegistry plants, HubProperties properties, StrandedFiles stranded,
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
                    Path work = stranded.workDir(dir);
                    for (Path folder : new Path[] {dir.resolve("inbox"), work, dir.resolve("archive"), dir.resolve("error"),
                            dir.resolve("outbox")}) {
                        try {
                            Files.createDirectories(folder);
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot create " + folder, e);
                        }
                    }
                    stranded.putBackOwn(plant.id(), dir);
                    // a file renamed into the inbox when complete need not stand still first: it is whole once there
                    boolean renamed = plant.fileArrival() == PlantDefinition.FileArrival.RENAMED;
                    TemplatedRouteBuilder.builder(camelContext, TEMPLATE)
                            .routeId(TEMPLATE + "-" + plant.id())
                            .parameter("plant", plant.id())
                            .parameter("inbox", dir.resolve("inbox").toString())
                            .parameter("plantDir", dir.toString())
                            .parameter("work", work.toString())
                            .parameter("readLock", renamed ? "idempotent" : "idempotent-changed")
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
}
