package io.meserp.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.meserp.hub.support.RouteCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every routes/*.camel.yaml loads on its own, every route and step an operator sees has an id, and the route
 * ids are exactly the ones docs/routes.md lists (a template instantiated per plant counts as
 * {@code <template>-<plant>}; one its file instantiates by {@code templatedRoute} by the ids it gives).
 */
class RouteCatalogTest {

    @Test
    void everyRouteFileLoadsAndTheRouteIdsAreTheDocumentedOnes() throws Exception {
        Set<String> ids = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file));
                Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
                List<RouteDefinition> routes = model.getRouteDefinitions();
                List<RouteTemplateDefinition> templates = model.getRouteTemplateDefinitions();
                List<RouteConfigurationDefinition> configurations = model.getRouteConfigurationDefinitions();
                assertThat(routes.size() + templates.size() + configurations.size())
                        .as("definitions in %s", file).isPositive();
                routes.forEach(r -> {
                    assertThat(r.getRouteId()).as("route id in %s", file).isNotBlank().matches("[a-z0-9-]+");
                    ids.add(r.getRouteId());
                });
                // a template the file instantiates itself (templatedRoute) is documented by its routes' ids
                String text = Files.readString(file);
                templates.stream().filter(t -> !text.contains("routeTemplateRef: " + t.getId()))
                        .forEach(t -> ids.add(t.getId() + "-<plant>"));
                configurations.forEach(c -> assertThat(c.getId()).as("route configuration id in %s", file).isNotBlank());
            }
        }
        assertThat(ids).isEqualTo(new TreeSet<>(RouteCatalog.documentedRouteIds()));
    }
}
