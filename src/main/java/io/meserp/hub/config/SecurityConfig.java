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
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Every HTTP surface but health needs a login. Roles: viewer (read API, ops page, metrics, Hawtio read-only),
 * operator (write API: replay, discard, reconcile), admin (JMX writes and operations through Jolokia as JolokiaPolicy
 * allows, actuator writes, sandbox admin). The ERP sandbox's OData paths are not guarded here: the sandbox checks its
 * own technical user, as a real ERP would.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";
    static final String ADMIN = "admin";
    static final String PLANT = "plant";

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http) throws Exception {
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Error dispatches keep their real status (a 500 must not turn into a 401).
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/sandbox/admin/**").hasRole(ADMIN)
                        // A plant's MES posts its events as its technical user; which plant it may post for is
                        // checked by the controller (role plant:<plant>).
                        .requestMatchers(HttpMethod.POST, "/api/plants/*/events").hasRole(PLANT)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html").hasRole(VIEWER)
                        .requestMatchers("/api/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/ops", "/ops/**").hasRole(VIEWER)
                        // Hawtio for everyone with a role; what each may do through Jolokia is JolokiaPolicy's call.
                        .requestMatchers("/actuator/hawtio/**", "/actuator/jolokia", "/actuator/jolokia/**")
                        .hasRole(VIEWER)
                        .requestMatchers(HttpMethod.GET, "/actuator/**").hasRole(VIEWER)
                        // Actuator writes (stopping a route through camelroutes, ...) are admin work.
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .formLogin(form -> form.defaultSuccessUrl("/ops", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // A request that carries basic credentials is judged by them alone, never by a session cookie beside them.
                .securityContext(context -> context.securityContextRepository(new HeaderOrSession()))
                // Browser sessions (the ops page, Hawtio) send the CSRF token from the XSRF-TOKEN cookie, /actuator
                // included; a request authenticated by its own basic credentials cannot be forged by a foreign page
                // (and, by HeaderOrSession, cannot ride on a session either), so it needs none. The sandbox ERP checks
                // its own x-csrf-token, as S/4HANA does.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(HeaderOrSession::hasBasicCredentials)
                        .ignoringRequestMatchers("/sandbox/**"))
                // Same origin only: a cross-origin request (another site's page with the user's cookie) is refused
                // before anything runs, and nothing answers with CORS headers.
                .cors(cors -> cors.configurationSource(request -> new CorsConfiguration()))
                .addFilterAfter(new CsrfCookie(), AuthorizationFilter.class);
        return http.build();
    }

    /** Hands JolokiaPolicy (made by Jolokia, not by Spring) its one setting. */
    @Bean
    Object jolokiaPolicySettings(HubProperties properties) {
        JolokiaPolicy.remoteExecutionAllowed = properties.jolokia().allowRemoteExecution();
        return properties.jolokia();
    }

    /**
     * The hub's users. Only their look-up is a bean: were the manager itself one, Spring Security would re-encode a
     * {@code {noop}} password with BCrypt at its first login (password upgrade) and then spend tens of milliseconds of
     * CPU on every request that logs in with it; a password given in plain text is encoded here once, as before.
     */
    @Bean
    org.springframework.security.core.userdetails.UserDetailsService hubUsers(HubProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = properties.security().users().stream()
                .map(u -> User.withUsername(u.name())
                        .password(u.password())
                        .passwordEncoder(p -> p.startsWith("{") ? p : encoder.encode(p))
                        .roles(u.roles().toArray(String[]::new))
                        .build())
                .toList();
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        return manager::loadUserByUsername;
    }

    /** Renders the CSRF token on every response, so the XSRF-TOKEN cookie is there for the ops page's first write. */
    static final class CsrfCookie extends org.springframework.web.filter.OncePerRequestFilter {
        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            Object token = request.getAttribute(org.springframework.security.web.csrf.CsrfToken.class.getName());
            if (token instanceof org.springframework.security.web.csrf.CsrfToken csrf) {
                csrf.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
