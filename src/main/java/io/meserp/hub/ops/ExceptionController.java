package io.meserp.hub.ops;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.meserp.hub.exceptions.ExceptionQueue;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exception queue over HTTP. Reading needs the viewer role; fixing, replaying and discarding need operator
 * (SecurityConfig), and each is recorded with the user's name.
 */
@RestController
@RequestMapping("/api")
class ExceptionController {

    private final ExceptionQueue exceptions;

    ExceptionController(ExceptionQueue exceptions) {
        this.exceptions = exceptions;
    }

    /** Exceptions, newest first; by default the open ones. {@code status=ALL} lists every status. */
    @GetMapping("/exceptions")
    ExceptionQueue.Page<ExceptionQueue.Item> list(@RequestParam(defaultValue = ExceptionQueue.OPEN) String status,
            @RequestParam(required = false) String plant, @RequestParam(required = false) String flow,
            @RequestParam(required = false) String order, @RequestParam(required = false) String origin,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return exceptions.search(new ExceptionQueue.Filter("ALL".equalsIgnoreCase(status) ? null : status, plant, flow,
                order, origin, from, to), Paging.page(page), Paging.size(size));
    }

    @GetMapping("/exceptions/{id}")
    ExceptionQueue.Detail get(@PathVariable long id) {
        return exceptions.get(id);
    }

    /** Replaces the payload with the corrected event (checked against its schema); nothing is sent until a replay. */
    @PutMapping(value = "/exceptions/{id}/payload", consumes = "application/json")
    ExceptionQueue.Detail fix(@PathVariable long id, @RequestBody String payload, Principal user) {
        return exceptions.fix(id, payload, user.getName());
    }

    @PostMapping("/exceptions/{id}/replay")
    ExceptionQueue.ReplayResult replay(@PathVariable long id, Principal user) {
        return exceptions.replay(id, user.getName());
    }

    /** Closes the exception without booking it; {@code {"reason": "..."}} is mandatory. */
    @PostMapping("/exceptions/{id}/discard")
    ExceptionQueue.Detail discard(@PathVariable long id, @RequestBody(required = false) Map<String, String> body,
            Principal user) {
        return exceptions.discard(id, body == null ? null : body.get("reason"), user.getName());
    }

    /** Replays all open exceptions of the order in the order of their events; stops at the first that fails. */
    @PostMapping("/orders/{order}/replay")
    List<ExceptionQueue.ReplayResult> replayOrder(@PathVariable String order, Principal user) {
        return exceptions.replayOrder(order, user.getName());
    }
}
