package io.meserp.hub.security;

import io.meserp.hub.MesErpHubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the embedded profile the hub does not start with demo users, default or missing passwords, the sandbox, or a
 * remote broker without credentials; it says which and how to fix it, before it connects to anything.
 */
class ProductionSecretsCheckTest {

    private static final String[] GOOD = {
            "--hub.security.users[0].name=ops-admin", "--hub.security.users[0].password=Vq8#long-enough-pass",
            "--hub.security.users[0].roles=viewer,operator,admin",
            "--hub.erp.user=HUB_RFC", "--hub.erp.password=Zr4!really-a-secret", "--hub.quality.qms-token=tk-91c2f0e77d",
            "--spring.artemis.user=hub", "--spring.artemis.password=Br0ker-secret-55",
            "--spring.datasource.password=Db-secret-4242",
            // stop right after the check: an unreachable database makes the start fail later, for another reason
            "--spring.main.lazy-initialization=true"};

    @Test
    void theEmbeddedDemoUsersAndPasswordsAreRefusedInProduction() {
        assertThatThrownBy(() -> start("postgres,external-broker", "--hub.security.users[0].name=admin",
                "--hub.security.users[0].password={noop}admin", "--hub.security.users[0].roles=admin",
                "--hub.security.users[1].name=viewer", "--hub.security.users[1].password=short",
                "--hub.security.users[1].roles=viewer", "--hub.erp.user=HUB_RFC", "--hub.erp.password=sandbox-demo",
                "--hub.quality.qms-token=qms-demo-token", "--hub.sandbox.enabled=true"))
                .hasMessageContaining("refuses to start outside the embedded profile")
                .hasMessageContaining("user admin (HUB_SECURITY_USERS_0_PASSWORD) has a demo or default password")
                .hasMessageContaining("user viewer (HUB_SECURITY_USERS_1_PASSWORD) has a password shorter than 12")
                .hasMessageContaining("HUB_ERP_PASSWORD is the sandbox's demo password")
                .hasMessageContaining("HUB_QMS_TOKEN is the sandbox's demo token")
                .hasMessageContaining("sandbox (hub.sandbox.enabled) is for the embedded profile only")
                .hasMessageContaining("remote broker connections require credentials");
    }

    @Test
    void missingUsersAndErpCredentialsAreNamed() {
        assertThatThrownBy(() -> start("postgres"))
                .hasMessageContaining("no users: set HUB_SECURITY_USERS_0_NAME")
                .hasMessageContaining("the ERP needs credentials: set HUB_ERP_USER and HUB_ERP_PASSWORD")
                .hasMessageContaining("the database needs a password");
    }

    @Test
    void anEdgeHubNeedsItsCentralBrokerAndLoginNotTheErps() {
        assertThatThrownBy(() -> start("edge", "--hub.security.users[0].name=ops-admin",
                "--hub.security.users[0].password=Vq8#long-enough-pass", "--hub.security.users[0].roles=admin",
                "--hub.edge.user=edge-site", "--hub.edge.password=edge-site"))
                .hasMessageContaining("an edge hub needs the central broker: set HUB_CENTRAL_BROKER_URL")
                .hasMessageContaining("HUB_EDGE_PASSWORD has a demo or default password")
                .message().doesNotContain("HUB_ERP_USER");
    }

    @Test
    void realSecretsPassTheCheck() {
        Throwable failure = null;
        try {
            start("postgres,external-broker", GOOD);
        } catch (RuntimeException e) {
            failure = e;
        }
        // the context may still fail for want of a real database or broker, but never for the secrets check
        assertThat(failure == null ? "" : String.valueOf(failure.getMessage())).doesNotContain("refuses to start");
    }

    private static void start(String profiles, String... args) {
        new SpringApplicationBuilder(MesErpHubApplication.class).profiles(profiles.split(","))
                .web(WebApplicationType.NONE).run(args).close();
    }
}
