package io.meserp.hub.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Outside the embedded profile the hub refuses to start with demo or missing secrets, before it opens any
 * connection: the embedded demo users (or any password that is the user's name, a known default or shorter than 12
 * characters), the sandbox's ERP password and QMS token, the sandbox itself, an ERP or remote broker without
 * credentials. Every problem is named in one message, with the environment variable that fixes it.
 */
public class ProductionSecretsCheck implements EnvironmentPostProcessor {

    static final Set<String> KNOWN_DEFAULTS = Set.of("admin", "operator", "viewer", "password", "changeme", "changeit",
            "secret", "sandbox-demo", "qms-demo-token", "artemis", "guest", "postgres");
    static final int MIN_PASSWORD = 12;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> profiles = Arrays.asList(environment.getActiveProfiles().length > 0
                ? environment.getActiveProfiles() : environment.getDefaultProfiles());
        if (profiles.contains("embedded")) {
            return;
        }
        List<String> problems = problems(environment, profiles);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("mes-erp-hub refuses to start outside the embedded profile (profiles "
                    + profiles + "): " + String.join("; ", problems));
        }
    }

    static List<String> problems(ConfigurableEnvironment env, List<String> profiles) {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(env);
        List<HubProperties.User> users = binder.bind("hub.security.users", Bindable.listOf(HubProperties.User.class))
                .orElse(List.of());
        if (users.isEmpty()) {
            problems.add("no users: set HUB_SECURITY_USERS_0_NAME, HUB_SECURITY_USERS_0_PASSWORD and"
                    + " HUB_SECURITY_USERS_0_ROLES (viewer,operator,admin), one index per user");
        }
        for (int i = 0; i < users.size(); i++) {
            HubProperties.User user = users.get(i);
            String why = weak(user.name(), user.password());
            if (why != null) {
                problems.add("user " + user.name() + " (HUB_SECURITY_USERS_" + i + "_PASSWORD) " + why);
            }
        }
        String erpUser = env.getProperty("hub.erp.user", "");
        String erpPassword = env.getProperty("hub.erp.password", "");
        if (profiles.contains("edge")) {
            // an edge hub books nothing itself; its login at the central broker is what it needs
            String edgeUser = env.getProperty("hub.edge.user", "");
            String edgePassword = env.getProperty("hub.edge.password", "");
            if (env.getProperty("hub.edge.central-url", "").isBlank()) {
                problems.add("an edge hub needs the central broker: set HUB_CENTRAL_BROKER_URL");
            }
            if (edgeUser.isBlank() || edgePassword.isBlank()) {
                problems.add("the edge's login at the central broker: set HUB_EDGE_USER and HUB_EDGE_PASSWORD");
            } else if (weak(edgeUser, edgePassword) != null) {
                problems.add("HUB_EDGE_PASSWORD " + weak(edgeUser, edgePassword));
            }
        } else if (erpUser.isBlank() || erpPassword.isBlank()) {
            problems.add("the ERP needs credentials: set HUB_ERP_USER and HUB_ERP_PASSWORD");
        } else if (KNOWN_DEFAULTS.contains(erpPassword.toLowerCase(Locale.ROOT))) {
            problems.add("HUB_ERP_PASSWORD is the sandbox's demo password");
        }
        String qmsToken = env.getProperty("hub.quality.qms-token", "");
        if (KNOWN_DEFAULTS.contains(qmsToken.toLowerCase(Locale.ROOT))) {
            problems.add("HUB_QMS_TOKEN is the sandbox's demo token");
        }
        if (env.getProperty("hub.sandbox.enabled", Boolean.class, false)) {
            problems.add("the ERP sandbox (hub.sandbox.enabled) is for the embedded profile only");
        }
        if (profiles.contains("external-broker")) {
            String brokerUser = env.getProperty("spring.artemis.user", "");
            String brokerPassword = env.getProperty("spring.artemis.password", "");
            if (brokerUser.isBlank() || brokerPassword.isBlank()) {
                problems.add("remote broker connections require credentials: set HUB_BROKER_USER and HUB_BROKER_PASSWORD");
            } else if (KNOWN_DEFAULTS.contains(brokerPassword.toLowerCase(Locale.ROOT))) {
                problems.add("HUB_BROKER_PASSWORD is a well-known default");
            }
        }
        if (profiles.contains("postgres") && env.getProperty("spring.datasource.password", "").isBlank()) {
            problems.add("the database needs a password: set HUB_DB_PASSWORD");
        }
        return problems;
    }

    /** Why a password must not be used, or null. A stored hash ({bcrypt}...) is taken as chosen with care. */
    static String weak(String name, String password) {
        if (password == null || password.isBlank()) {
            return "has no password";
        }
        String plain = password.startsWith("{noop}") ? password.substring(6) : password;
        if (plain.startsWith("{")) {
            return null;
        }
        if (plain.equalsIgnoreCase(name) || KNOWN_DEFAULTS.contains(plain.toLowerCase(Locale.ROOT))) {
            return "has a demo or default password";
        }
        if (plain.length() < MIN_PASSWORD) {
            return "has a password shorter than " + MIN_PASSWORD + " characters";
        }
        return null;
    }
}
