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
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes one {@code plant-file-inbound} route per configured plant (id {@code plant-file-inbound-<plant>}) from
 * the template in routes/plant-file-inbound.camel.yaml, and creates the plant's folders.
 */
@Configuration(proxyBeanMethods = false)
public class PlantRoutes {

    static final String TEMPLATE = "plant-file-inbound";

    /** File fingerprints taken, in CAMEL_MESSAGEPROCESSED (primary key = the unique constraint). */
    @Bean
    IdempotentRepository fileIdempotentRepository(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, TEMPLATE);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    @Bean
    CamelContextConfiguration plantInboundRoutes(PlantRegistry plants, HubProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                // routes are added once the YAML templates are loaded
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                for (PlantDefinition plant : plants.all()) {
                    Path dir = properties.plantDir(plant.id()).toAbsolutePath().normalize();
                    for (String folder : new String[] {"inbox", "archive", "error", "outbox"}) {
                        try {
                            Files.createDirectories(dir.resolve(folder));
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot create " + dir.resolve(folder), e);
                        }
                    }
                    TemplatedRouteBuilder.builder(camelContext, TEMPLATE)
                            .routeId(TEMPLATE + "-" + plant.id())
                            .parameter("plant", plant.id())
                            .parameter("inbox", dir.resolve("inbox").toString())
                            .add();
                }
            }
        };
    }
}
