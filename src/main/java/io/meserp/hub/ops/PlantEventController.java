package io.meserp.hub.ops;

import java.util.Map;

import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.PlantMessageIntake;
import io.meserp.hub.plant.PlantRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plant's MES over REST: {@code POST /api/plants/{plant}/events} takes what a file or a message would carry
 * (CloudEvents JSON, one or many; B2MML; CSV in a plant mapping named by {@code ?name=}) and answers each record's
 * outcome and event id: 200 when every record was taken (queued, or a duplicate of what was), 207 Multi-Status when
 * some were refused, 422 when none was. Posting the same records again books nothing twice. Only the plant's own
 * technical user (role {@code plant:<plant>}) may post for it. {@code POST /api/plants/{plant}/preview} (operators)
 * shows what the plant's mapping makes of a sample without queueing or recording anything.
 */
@RestController
@RequestMapping("/api/plants/{plant}")
class PlantEventController {

    private final PlantMessageIntake intake;
    private final PlantRegistry plants;

    PlantEventController(PlantMessageIntake intake, PlantRegistry plants) {
        this.intake = intake;
        this.plants = plants;
    }

    @PostMapping("/events")
    ResponseEntity<?> events(@PathVariable String plant, @RequestParam(required = false) String name,
            @RequestBody(required = false) byte[] body, Authentication user) {
        boolean own = user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_plant:" + plant));
        if (!own) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "user " + user.getName()
                    + " may not post events for plant " + plant));
        }
        if (plants.find(plant).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "plant '" + plant + "' is not configured"));
        }
        PlantMessageIntake.Outcome outcome = intake.take(plant, name, body, "rest " + user.getName()
                + (name == null ? "" : " " + name));
        HttpStatus status = outcome.allTaken() ? HttpStatus.OK
                : outcome.noneTaken() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.MULTI_STATUS;
        return ResponseEntity.status(status).body(outcome);
    }

    @PostMapping("/preview")
    ResponseEntity<?> preview(@PathVariable String plant, @RequestParam(required = false) String name,
            @RequestBody(required = false) byte[] body) {
        if (plants.find(plant).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "plant '" + plant + "' is not configured"));
        }
        try {
            return ResponseEntity.ok(intake.preview(plant, name, body));
        } catch (FileRejectedException refused) {
            return ResponseEntity.unprocessableEntity().body(Map.of("plant", plant, "error", refused.getMessage()));
        }
    }
}
