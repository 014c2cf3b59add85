package io.meserp.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The hub: plant MES systems on one side, the ERP on the other, Apache Camel in between. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MesErpHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(MesErpHubApplication.class, args);
    }
}
