package dev.switchboard.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Appends security events to {@code identity_audit} and lists the latest for admins. */
@Component
class AuditLog {

    /** What happened; stored by name. */
    enum Event {
        REGISTERED, LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_THROTTLED, LOGGED_OUT, REFRESH_REPLAYED,
        PASSWORD_CHANGED, SESSION_REVOKED, API_KEY_CREATED, API_KEY_DELETED, USER_DISABLED, USER_ENABLED,
        SETTINGS_CHANGED
    }

    /** One event as admins see it. */
    record Entry(long id, Instant at, UUID userId, String email, String event, String ip) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(Event event, UUID userId, String email, String ip) {
        jdbc.sql("INSERT INTO identity_audit (at, user_id, email, event, ip) VALUES (?, ?, ?, ?, ?)")
                .params(Timestamp.from(clock.instant()), userId, email, event.name(), ip)
                .update();
    }

    List<Entry> latest(int limit) {
        return jdbc.sql("SELECT id, at, user_id, email, event, ip FROM identity_audit ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, row) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getObject("user_id", UUID.class), rs.getString("email"), rs.getString("event"),
                        rs.getString("ip")))
                .list();
    }
}
