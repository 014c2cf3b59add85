package io.meserp.hub.plant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meserp.hub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.InflightRepository;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether each plant's file intake flows: its route is started, and no file has been in it longer than
 * {@code hub.plants.stuck-after} (a thread stuck after an out-of-memory error, a file the hub cannot get through).
 * {@code /actuator/health} reports DOWN naming the plant and the file; the ops page shows the same (via /api/kpis).
 */
@Component("plantIntake")
public class PlantIntakeHealth implements HealthIndicator {

    private final CamelContext camel;
    private final PlantRegistry plants;
    private final Duration stuckAfter;

    public PlantIntakeHealth(CamelContext camel, PlantRegistry plants, HubProperties properties) {
        this.camel = camel;
        this.plants = plants;
        this.stuckAfter = properties.plants().stuckAfter();
    }

    /** One plant's intake: FLOWING, STUCK (a file in it too long) or STOPPED (its route is not running). */
    public record Intake(String plant, String state, String file, long seconds, String detail) {
    }

    public List<Intake> intakes() {
        List<Intake> intakes = new ArrayList<>();
        for (PlantDefinition plant : plants.all()) {
            String routeId = PlantRoutes.TEMPLATE + "-" + plant.id();
            ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
            if (status == null || !status.isStarted()) {
                intakes.add(new Intake(plant.id(), "STOPPED", null, 0, "route " + routeId + " is "
                        + (status == null ? "missing" : status.name().toLowerCase())));
                continue;
            }
            InflightRepository.InflightExchange oldest = camel.getInflightRepository().oldest(routeId);
            if (oldest != null && oldest.getDuration() > stuckAfter.toMillis()) {
                String file = oldest.getExchange().getIn().getHeader(PlantFileIntake.FILE_NAME, String.class);
                long seconds = oldest.getDuration() / 1000;
                intakes.add(new Intake(plant.id(), "STUCK", file, seconds, "file " + file + " has been in the intake for "
                        + seconds + " s (more than hub.plants.stuck-after, " + stuckAfter.toSeconds() + " s); files after"
                        + " it wait"));
                continue;
            }
            intakes.add(new Intake(plant.id(), "FLOWING", null, 0, null));
        }
        return intakes;
    }

    @Override
    public Health health() {
        List<Intake> intakes = intakes();
        Map<String, Object> details = new LinkedHashMap<>();
        intakes.forEach(i -> details.put(i.plant(), i.detail() == null ? i.state() : i.state() + ": " + i.detail()));
        boolean flowing = intakes.stream().allMatch(i -> i.state().equals("FLOWING"));
        return (flowing ? Health.up() : Health.down()).withDetails(details).build();
    }
}
