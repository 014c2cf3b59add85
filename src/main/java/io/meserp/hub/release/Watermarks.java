package io.meserp.hub.release;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Where each poller stopped reading, in {@code hub_watermark}; it survives restarts. */
@Component
class Watermarks {

    private final JdbcTemplate jdbc;

    Watermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> get(String name) {
        return jdbc.queryForList("SELECT mark FROM hub_watermark WHERE name = ?", String.class, name).stream().findFirst();
    }

    void set(String name, String mark) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.update("UPDATE hub_watermark SET mark = ?, updated_at = ? WHERE name = ?", mark, now, name) == 0) {
            jdbc.update("INSERT INTO hub_watermark (name, mark, updated_at) VALUES (?, ?, ?)", name, mark, now);
        }
    }
}
