package io.meserp.hub.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files of docker/ are kept right by reading, as no Docker engine runs here: the live/backup pair's
 * broker files carry the one broker policy of docker/artemis/broker.xml (security, address settings, addresses,
 * journal) and a replication policy each, as Artemis parses them; and Debian's docker-compose accepts both compose
 * files ({@code docker-compose config}), with every secret they demand given.
 */
class DeploymentFilesTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void theBrokerPairHasTheOneBrokerPolicyAndReplicates() throws Exception {
        FileConfiguration single = read(DOCKER.resolve("artemis/broker.xml"));
        for (String role : List.of("primary", "backup")) {
            FileConfiguration pair = read(DOCKER.resolve("artemis/ha/" + role + ".xml"));
            assertThat(pair.getAddressSettings()).as(role + ": address settings").isEqualTo(single.getAddressSettings());
            assertThat(pair.getSecurityRoles()).as(role + ": security").isEqualTo(single.getSecurityRoles());
            assertThat(pair.getAddressConfigurations().toString()).as(role + ": addresses")
                    .isEqualTo(single.getAddressConfigurations().toString());
            assertThat(pair.getJournalType()).isEqualTo(single.getJournalType());
            assertThat(pair.getJournalBufferTimeout_NIO()).isEqualTo(single.getJournalBufferTimeout_NIO());
            assertThat(pair.isSecurityEnabled()).isTrue();
            assertThat(pair.getClusterConfigurations()).as(role + ": cluster connection to its peer").hasSize(1);
            // no password in the file: it comes from the environment
            assertThat(Files.readString(DOCKER.resolve("artemis/ha/" + role + ".xml")))
                    .contains("<cluster-password>${hub.cluster.password}</cluster-password>", "keyStorePassword=${hub.keystore.password}<");
            assertThat(pair.getAcceptorConfigurations().stream().map(a -> a.getName()))
                    .containsExactlyInAnyOrder("artemis", "edges");
            assertThat(pair.getAcceptorConfigurations().stream().filter(a -> a.getName().equals("edges")).findFirst()
                    .orElseThrow().getParams()).containsEntry("sslEnabled", "true");
        }
        assertThat(read(DOCKER.resolve("artemis/ha/primary.xml")).getHAPolicyConfiguration())
                .isInstanceOf(ReplicatedPolicyConfiguration.class);
        assertThat(read(DOCKER.resolve("artemis/ha/backup.xml")).getHAPolicyConfiguration())
                .isInstanceOf(ReplicaPolicyConfiguration.class);
    }

    @Test
    void dockerComposeAcceptsBothComposeFiles() throws Exception {
        Path compose = Path.of("/usr/bin/docker-compose");
        boolean present = Files.isExecutable(compose);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + compose + " is missing: .ci/run installs Debian's docker-compose");
        }
        Assumptions.assumeTrue(present, "Skipped: no " + compose + " (apt-get install docker-compose to check docker/*.yaml)");
        Map<String, String> site = new LinkedHashMap<>();
        for (String name : List.of("HUB_DB_USER", "HUB_DB_PASSWORD", "HUB_BROKER_USER", "HUB_BROKER_PASSWORD",
                "HUB_BROKER_CLUSTER_PASSWORD", "HUB_BROKER_KEYSTORE_PASSWORD", "HUB_ERP_USER", "HUB_ERP_PASSWORD",
                "HUB_ADMIN_USER", "HUB_ADMIN_PASSWORD", "HUB_OPERATOR_USER", "HUB_OPERATOR_PASSWORD")) {
            site.put(name, "x-" + name.toLowerCase());
        }
        site.put("HUB_BROKER_KEYSTORE", "/tmp/broker-keystore.p12");
        String config = config(compose, "compose.yaml", site);
        assertThat(config).contains("artemis-primary", "artemis-backup", "postgres", "hub-1", "hub-2", "erp-sandbox",
                "HUB_INSTANCE_ID: hub-1", "HUB_INSTANCE_ID: hub-2", "HUB_CLUSTER_DIR: /data/cluster");

        Map<String, String> edge = new LinkedHashMap<>();
        for (String name : List.of("HUB_EDGE_SITE", "HUB_CENTRAL_PRIMARY", "HUB_CENTRAL_BACKUP",
                "HUB_CENTRAL_TRUST_PASSWORD", "HUB_EDGE_USER", "HUB_EDGE_PASSWORD", "HUB_ADMIN_USER", "HUB_ADMIN_PASSWORD")) {
            edge.put(name, "x-" + name.toLowerCase());
        }
        edge.put("HUB_EDGE_PLANTS", "/tmp/plants");
        edge.put("HUB_CENTRAL_TRUST_STORE", "/tmp/central-trust.p12");
        assertThat(config(compose, "compose-edge.yaml", edge)).contains("SPRING_PROFILES_ACTIVE: edge");

        // a secret left out is refused by name, never replaced by a default
        site.remove("HUB_BROKER_CLUSTER_PASSWORD");
        Process refused = process(compose, "compose.yaml", site);
        String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isNotZero();
        assertThat(out).contains("HUB_BROKER_CLUSTER_PASSWORD");
    }

    private static String config(Path compose, String file, Map<String, String> env) throws Exception {
        Process p = process(compose, file, env);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("docker-compose -f docker/" + file + " config:\n" + out).isZero();
        return out;
    }

    private static Process process(Path compose, String file, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(compose.toString(), "-f", file, "config"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(DOCKER.toFile()).redirectErrorStream(true);
        // only what is given here: a variable of the machine running the test must not fill a gap
        builder.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static FileConfiguration read(Path file) throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(file.toAbsolutePath().toUri().toString());
        deployment.addDeployable(configuration);
        deployment.readConfiguration();
        return configuration;
    }
}
