package io.meserp.hub.ops;

import java.time.Duration;

import io.meserp.hub.kpi.Kpis;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** KPIs over a window (default the last 24 hours) with a latency series for the ops page's chart. */
@RestController
@RequestMapping("/api/kpis")
class KpiController {

    private final Kpis kpis;

    KpiController(Kpis kpis) {
        this.kpis = kpis;
    }

    @GetMapping
    Kpis.Report report(@RequestParam(defaultValue = "24") int hours, @RequestParam(defaultValue = "24") int points) {
        if (hours < 1 || hours > 24 * 31 || points < 1 || points > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "hours must be 1 to 744, points 1 to 500");
        }
        return kpis.report(Duration.ofHours(hours), points);
    }
}
