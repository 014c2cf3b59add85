package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Steps of a multi-step reaction that are done (in {@code hub_action}): a retry after a failure in step three
 * does not repeat steps one and two. Each step itself must be safe to repeat when it failed without an answer
 * (it looks up before it creates), since a crash can fall between doing it and recording it.
 */
@Component
public class Actions {

    private final JdbcTemplate jdbc;

    public Actions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The step's recorded result, or runs it and records what it returns. */
    public String once(String key, Supplier<String> step) {
        Optional<String> done = result(key);
        if (done.isPresent()) {
            return done.get();
        }
        String result = step.get();
        try {
            jdbc.update("INSERT INTO hub_action (action_key, result, done_at) VALUES (?, ?, ?)", key,
                    result == null ? "" : result, OffsetDateTime.now(ZoneOffset.UTC));
        } catch (DuplicateKeyException raced) {
            return result(key).orElse(result);
        }
        return result;
    }

    public Optional<String> result(String key) {
        return jdbc.queryForList("SELECT result FROM hub_action WHERE action_key = ?", String.class, key).stream().findFirst();
    }
}
