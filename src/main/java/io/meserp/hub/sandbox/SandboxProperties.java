package io.meserp.hub.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the ERP sandbox ({@code hub.sandbox.*}). */
@ConfigurationProperties("hub.sandbox")
public record SandboxProperties(
        boolean enabled,
        String user,
        String password,
        @DefaultValue("30m") Duration csrfTokenLifetime,
        @DefaultValue("120s") Duration hangTimeout,
        @DefaultValue("true") boolean seed,
        boolean allowNegativeStock,
        String qmsToken) {
}
