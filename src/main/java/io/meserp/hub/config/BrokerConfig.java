package io.meserp.hub.config;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker takes its address settings (redelivery, dead letters, paging) and journal timing from
 * docker/artemis/broker.xml, the same file the standalone broker runs with, so there is one broker policy.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
class BrokerConfig {

    static final String BROKER_XML = "artemis/broker.xml";

    @Bean
    ArtemisConfigurationCustomizer hubBrokerPolicy() {
        return configuration -> {
            FileConfiguration policy = readPolicy();
            policy.getAddressSettings().forEach(configuration::addAddressSetting);
            configuration.setJournalBufferTimeout_NIO(policy.getJournalBufferTimeout_NIO());
            configuration.setMaxDiskUsage(95);
            // Hawtio's Artemis tab reads queues and dead-letter queues over JMX.
            configuration.setJMXManagementEnabled(true);
        };
    }

    private static FileConfiguration readPolicy() {
        FileConfiguration policy = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(BROKER_XML);
        deployment.addDeployable(policy);
        try {
            deployment.readConfiguration();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read broker policy " + BROKER_XML + ": " + e.getMessage(), e);
        }
        return policy;
    }
}
