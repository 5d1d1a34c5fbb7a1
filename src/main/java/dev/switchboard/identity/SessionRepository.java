package dev.switchboard.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Login sessions and their refresh tokens (stored as SHA-256 digests only). */
@Repository
class SessionRepository {

    /** A session as its owner sees it. */
    record SessionRow(UUID id, Instant createdAt, Instant lastUsedAt, String userAgent, String ip) {
    }

    /** A refresh token found by its digest. */
    record RefreshTokenRow(UUID sessionId, UUID userId, Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertSession(UUID id, UUID userId, Instant now, ClientInfo client) {
        jdbc.sql("INSERT INTO identity_session (id, user_id, created_at, last_used_at, user_agent, ip)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, userId, Timestamp.from(now), Timestamp.from(now), client.userAgent(), client.ip())
                .update();
    }

    void insertRefreshToken(byte[] hash, UUID sessionId, Instant now, Instant expiresAt) {
        jdbc.sql("INSERT INTO identity_refresh_token (token_hash, session_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(hash, sessionId, Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
    }

    /**
     * Marks an unused, unexpired refresh token as used, atomically, and returns its session; empty
     * when the token is unknown, expired or already spent.
     */
    Optional<UUID> spendRefreshToken(byte[] hash, Instant now) {
        return jdbc.sql("UPDATE identity_refresh_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                        + " AND expires_at > ? RETURNING session_id")
                .params(Timestamp.from(now), hash, Timestamp.from(now))
                .query(UUID.class).optional();
    }

    Optional<RefreshTokenRow> findRefreshToken(byte[] hash) {
        return jdbc.sql("SELECT t.session_id, s.user_id, t.expires_at, t.used_at FROM identity_refresh_token t"
                        + " JOIN identity_session s ON s.id = t.session_id WHERE t.token_hash = ?")
                .param(hash)
                .query((rs, row) -> new RefreshTokenRow(rs.getObject("session_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant()))
                .optional();
    }

    /**
     * The user behind an active session: the session is not revoked and the user is enabled. This
     * runs on every request with an access token, so it is two primary-key lookups.
     */
    Optional<User> findActiveSessionUser(UUID sessionId, UUID userId) {
        return jdbc.sql("SELECT u.id, u.email, u.name, u.role, u.enabled, u.created_at FROM identity_session s"
                        + " JOIN identity_user u ON u.id = s.user_id"
                        + " WHERE s.id = ? AND s.user_id = ? AND s.revoked_at IS NULL AND u.enabled")
                .params(sessionId, userId)
                .query((rs, row) -> new User(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), null, Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** The user of a session that is not revoked, if the user is enabled. */
    Optional<User> findActiveSessionUserBySession(UUID sessionId) {
        return jdbc.sql("SELECT u.id, u.email, u.name, u.role, u.enabled, u.created_at FROM identity_session s"
                        + " JOIN identity_user u ON u.id = s.user_id"
                        + " WHERE s.id = ? AND s.revoked_at IS NULL AND u.enabled")
                .param(sessionId)
                .query((rs, row) -> new User(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), null, Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    void touch(UUID sessionId, Instant now, ClientInfo client) {
        jdbc.sql("UPDATE identity_session SET last_used_at = ?, ip = ?, user_agent = coalesce(?, user_agent) WHERE id = ?")
                .params(Timestamp.from(now), client.ip(), client.userAgent(), sessionId)
                .update();
    }

    void revoke(UUID sessionId, Instant now) {
        jdbc.sql("UPDATE identity_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), sessionId)
                .update();
    }

    boolean revokeOwned(UUID sessionId, UUID userId, Instant now) {
        return jdbc.sql("UPDATE identity_session SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND user_id = ?"
                        + " AND revoked_at IS NULL")
                .params(Timestamp.from(now), sessionId, userId)
                .update() == 1;
    }

    void revokeAllOf(UUID userId, Instant now) {
        jdbc.sql("UPDATE identity_session SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), userId)
                .update();
    }

    /** Sessions not revoked and used within {@code activeSince}, newest first. */
    List<SessionRow> findActive(UUID userId, Instant activeSince) {
        return jdbc.sql("SELECT id, created_at, last_used_at, user_agent, ip FROM identity_session"
                        + " WHERE user_id = ? AND revoked_at IS NULL AND last_used_at > ? ORDER BY last_used_at DESC")
                .params(userId, Timestamp.from(activeSince))
                .query((rs, row) -> new SessionRow(rs.getObject("id", UUID.class),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_used_at").toInstant(),
                        rs.getString("user_agent"), rs.getString("ip")))
                .list();
    }
}
