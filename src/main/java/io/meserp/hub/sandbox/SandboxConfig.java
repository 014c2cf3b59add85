package io.meserp.hub.sandbox;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The ERP sandbox: on in the embedded profile ({@code hub.sandbox.enabled}), off otherwise. It has its own
 * tables (migrated from db/sandbox, history in sbx_schema_history) and its own gate: the hub's login does
 * not apply to /sandbox/erp, which checks the ERP technical user itself, as a real ERP would, nor to the sandbox
 * quality platform /sandbox/qms, which checks its own bearer token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SandboxConfig {

    @Bean
    SandboxStore sandboxStore(DataSource dataSource, SandboxProperties properties) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/sandbox")
                .table("sbx_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        SandboxStore store = new SandboxStore(new JdbcTemplate(dataSource));
        if (properties.seed()) {
            new SandboxSeeder(store).seedIfEmpty();
        }
        return store;
    }

    @Bean
    SandboxGate sandboxGate(SandboxProperties properties, SandboxFaults faults, ObjectMapper mapper) {
        if (properties.user() == null || properties.user().isBlank() || properties.password() == null
                || properties.password().isBlank()) {
            throw new IllegalStateException("hub.sandbox.user and hub.sandbox.password must be set when the sandbox is on");
        }
        return new SandboxGate(properties, faults, mapper);
    }

    @Bean
    FilterRegistrationBean<SandboxGate> sandboxGateRegistration(SandboxGate gate) {
        FilterRegistrationBean<SandboxGate> registration = new FilterRegistrationBean<>(gate);
        registration.addUrlPatterns(SandboxODataController.ROOT + "/*", SandboxSoapController.PATH);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain sandboxErpChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/sandbox/erp/**", "/sandbox/qms/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
