package io.meserp.hub.config;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every HTTP surface but health needs a login. Roles: viewer (read API, metrics), operator (write API), admin
 * (Hawtio and Jolokia, sandbox admin). The ERP sandbox's OData paths are not guarded here: the sandbox checks
 * its own technical user, as a real ERP would.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";
    static final String ADMIN = "admin";

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Error dispatches keep their real status (a 500 must not turn into a 401).
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/sandbox/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(VIEWER)
                        .requestMatchers("/api/**").hasRole(OPERATOR)
                        // Jolokia executes MBean operations too (stop a route, purge a queue): admins only.
                        .requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**").hasRole(ADMIN)
                        .requestMatchers("/actuator/**").hasRole(VIEWER)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                // Machine clients (API, sandbox, Jolokia from Hawtio) authenticate per request.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/sandbox/**", "/actuator/**"));
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager hubUsers(HubProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = properties.security().users().stream()
                .map(u -> User.withUsername(u.name())
                        .password(u.password())
                        .passwordEncoder(p -> p.startsWith("{") ? p : encoder.encode(p))
                        .roles(u.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
