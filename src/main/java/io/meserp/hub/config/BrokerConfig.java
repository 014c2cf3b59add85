package io.meserp.hub.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker takes its address settings (redelivery, dead letters, paging) and journal timing from
 * docker/artemis/broker.xml, the same file the standalone broker runs with, so there is one broker policy. Plants
 * publish to it on {@code hub.channels.acceptor} (Core for JMS, AMQP 1.0, MQTT) after logging in; each plant's
 * {@code mes.<plant>.inbound} address is declared here (multicast, as MQTT publishes, with the hub's durable
 * subscription queue of the same name), and only that plant's role may send to it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
class BrokerConfig {

    static final String BROKER_XML = "artemis/broker.xml";

    @Bean
    ArtemisConfigurationCustomizer hubBrokerPolicy(PlantRegistry plants, ChannelProperties channels, EdgeProperties edge) {
        return configuration -> {
            FileConfiguration policy = readPolicy();
            policy.getAddressSettings().forEach(configuration::addAddressSetting);
            configuration.setJournalBufferTimeout_NIO(policy.getJournalBufferTimeout_NIO());
            configuration.setMaxDiskUsage(95);
            // Hawtio's Artemis tab reads queues and dead-letter queues over JMX.
            configuration.setJMXManagementEnabled(true);
            // The hub (in-VM) may do everything; a plant may only send to its own inbound address.
            configuration.setSecurityEnabled(true);
            // No login cache: Artemis keys it by user name and password, and the hub's in-VM connection has neither,
            // so a cached in-VM login would let an anonymous network client in as the hub. (Permissions stay cached:
            // their key is the user, and no network login may use the hub's name, see PlantBrokerSecurity.)
            configuration.setAuthenticationCacheSize(0);
            configuration.putSecurityRoles("#", Set.of(new Role(PlantBrokerSecurity.HUB_ROLE, true, true, true, true,
                    true, true, true, true, true, true, true, true)));
            for (PlantDefinition plant : plants.all()) {
                String address = channels.addressOf(plant.id());
                Set<Role> roles = new HashSet<>(configuration.getSecurityRoles().get("#"));
                roles.add(new Role("plant:" + plant.id(), true, false, false, false, false, false, false, false, false,
                        false, false, false));
                configuration.putSecurityRoles(address, roles);
                configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(address)
                        .addRoutingType(RoutingType.MULTICAST)
                        .addQueueConfiguration(QueueConfiguration.of(address).setAddress(address)
                                .setRoutingType(RoutingType.MULTICAST).setDurable(true)));
            }
            if (edge.enabled()) {
                forwardToCentre(configuration, plants, edge);
            }
            if (channels.acceptor() != null && !channels.acceptor().isBlank()) {
                try {
                    configuration.addAcceptorConfiguration("plants", channels.acceptor()
                            + (channels.acceptor().contains("?") ? "&" : "?") + "protocols=CORE,AMQP,MQTT");
                } catch (Exception e) {
                    throw new IllegalStateException("hub.channels.acceptor '" + channels.acceptor() + "': " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * An edge hub's store and forward (profile edge): per plant a durable queue {@code hub.edge.<plant>}, where the
     * hub queues the plant's validated events, and a core bridge that forwards it to the central broker's
     * {@code mes.<plant>.inbound} with the site's login. The bridge connects again for ever (doubling its wait up to
     * hub.edge.max-retry-interval), keeps the queue's order, and marks each message with a duplicate id so that a
     * message sent again after a broken link is not taken twice by the central broker. The routing type is stripped:
     * the central address is multicast (MQTT publishes there too).
     */
    private static void forwardToCentre(org.apache.activemq.artemis.core.config.Configuration configuration,
            PlantRegistry plants, EdgeProperties edge) {
        try {
            configuration.addConnectorConfiguration("central", edge.centralUrl());
        } catch (Exception e) {
            throw new IllegalStateException("hub.edge.central-url '" + edge.centralUrl() + "': " + e.getMessage(), e);
        }
        for (PlantDefinition plant : plants.all()) {
            String queue = edge.queueOf(plant.id());
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue)
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true)));
            configuration.getBridgeConfigurations().add(new org.apache.activemq.artemis.core.config.BridgeConfiguration()
                    .setName("edge-" + plant.id()).setQueueName(queue)
                    .setForwardingAddress(edge.centralAddressOf(plant.id()))
                    .setStaticConnectors(List.of("central")).setHA(false)
                    .setUser(edge.user()).setPassword(edge.password())
                    .setReconnectAttempts(-1).setInitialConnectAttempts(-1)
                    .setRetryInterval(edge.retryInterval()).setRetryIntervalMultiplier(2.0)
                    .setMaxRetryInterval(edge.maxRetryInterval())
                    .setUseDuplicateDetection(true).setConfirmationWindowSize(1024 * 1024)
                    .setRoutingType(org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType.STRIP));
        }
    }

    /**
     * Logs plants in with the hub's own users (Spring's auto-configuration builds the embedded broker; its security
     * manager is set here, before the broker starts).
     */
    @Bean
    static BeanPostProcessor plantBrokerSecurity(ObjectProvider<org.springframework.security.core.userdetails.UserDetailsService> users) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    org.springframework.security.crypto.password.PasswordEncoder encoder =
                            org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder();
                    broker.setSecurityManager(new PlantBrokerSecurity(
                            name -> users.getObject().loadUserByUsername(name), encoder));
                }
                return bean;
            }
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
