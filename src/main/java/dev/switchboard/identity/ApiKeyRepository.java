package dev.switchboard.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys: prefix and SHA-256 digest only, never the key. */
@Repository
class ApiKeyRepository {

    /** A key's stored facts. */
    record ApiKeyRow(UUID id, UUID userId, String name, String prefix, byte[] keyHash, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt) {
    }

    /** A key found for authentication, with its owner. */
    record KeyOwner(ApiKeyRow key, User owner) {
    }

    private static final String COLUMNS = "k.id, k.user_id, k.name, k.prefix, k.key_hash, k.created_at, k.expires_at, k.last_used_at";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKeyRow key) {
        jdbc.sql("INSERT INTO identity_api_key (id, user_id, name, prefix, key_hash, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(key.id(), key.userId(), key.name(), key.prefix(), key.keyHash(),
                        Timestamp.from(key.createdAt()), key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()))
                .update();
    }

    List<ApiKeyRow> findByUser(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identity_api_key k WHERE k.user_id = ? ORDER BY k.created_at, k.id")
                .param(userId)
                .query(ApiKeyRepository::map)
                .list();
    }

    Optional<KeyOwner> findByPrefix(String prefix) {
        return jdbc.sql("SELECT " + COLUMNS + ", u.email, u.name AS user_name, u.role, u.enabled, u.created_at AS user_created_at"
                        + " FROM identity_api_key k JOIN identity_user u ON u.id = k.user_id WHERE k.prefix = ?")
                .param(prefix)
                .query((rs, row) -> new KeyOwner(map(rs, row), new User(rs.getObject("user_id", UUID.class),
                        rs.getString("email"), rs.getString("user_name"), null, Role.valueOf(rs.getString("role")),
                        rs.getBoolean("enabled"), rs.getTimestamp("user_created_at").toInstant())))
                .optional();
    }

    boolean delete(UUID id, UUID userId) {
        return jdbc.sql("DELETE FROM identity_api_key WHERE id = ? AND user_id = ?").params(id, userId).update() == 1;
    }

    /** Records use, unless another request already did so after {@code staleBefore}. */
    void touch(UUID id, Instant now, Instant staleBefore) {
        jdbc.sql("UPDATE identity_api_key SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
                .params(Timestamp.from(now), id, Timestamp.from(staleBefore))
                .update();
    }

    private static ApiKeyRow map(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        return new ApiKeyRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("name"),
                rs.getString("prefix"), rs.getBytes("key_hash"), rs.getTimestamp("created_at").toInstant(),
                expires == null ? null : expires.toInstant(), lastUsed == null ? null : lastUsed.toInstant());
    }
}
