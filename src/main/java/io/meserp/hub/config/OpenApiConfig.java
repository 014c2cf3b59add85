package io.meserp.hub.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Title and security of the generated OpenAPI document of /api (springdoc builds the rest from the controllers). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI hubOpenApi() {
        return new OpenAPI()
                .info(new Info().title("mes-erp-hub API").version("v1")
                        .description("Support and integration API of the hub: order trace, message search, exception queue"
                                + " (fix, replay, discard), reconciliation, KPIs, ERP business events. Reading needs the"
                                + " viewer role, changing needs operator.")
                        .license(new License().name("Apache-2.0")))
                .schemaRequirement("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
