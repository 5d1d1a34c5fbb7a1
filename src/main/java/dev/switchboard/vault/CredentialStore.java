package dev.switchboard.vault;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code vault_credentials} table. */
@Repository
class CredentialStore {

    private final JdbcClient jdbc;

    CredentialStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String label, Cipher.Sealed sealed, Instant now) {
        jdbc.sql("""
                INSERT INTO vault_credentials (id, label, key_id, nonce, ciphertext, created_at, updated_at)
                VALUES (:id, :label, :keyId, :nonce, :ciphertext, :now, :now)""")
                .param("id", id).param("label", label)
                .param("keyId", sealed.keyId()).param("nonce", sealed.nonce()).param("ciphertext", sealed.ciphertext())
                .param("now", java.sql.Timestamp.from(now))
                .update();
    }

    boolean update(UUID id, Cipher.Sealed sealed, Instant now) {
        return jdbc.sql("""
                UPDATE vault_credentials SET key_id = :keyId, nonce = :nonce, ciphertext = :ciphertext, updated_at = :now
                WHERE id = :id""")
                .param("id", id)
                .param("keyId", sealed.keyId()).param("nonce", sealed.nonce()).param("ciphertext", sealed.ciphertext())
                .param("now", java.sql.Timestamp.from(now))
                .update() == 1;
    }

    Optional<Cipher.Sealed> find(UUID id) {
        return jdbc.sql("SELECT key_id, nonce, ciphertext FROM vault_credentials WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Cipher.Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
                .optional();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM vault_credentials WHERE id = :id").param("id", id).update() == 1;
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM vault_credentials").query(Long.class).single();
    }

    /** How many credentials each master key sealed. */
    Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT key_id, count(*) FROM vault_credentials GROUP BY key_id ORDER BY key_id")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Locks and returns the ids of credentials not sealed under the given key. */
    List<UUID> lockIdsNotSealedBy(String keyId) {
        return jdbc.sql("SELECT id FROM vault_credentials WHERE key_id <> :keyId ORDER BY id FOR UPDATE")
                .param("keyId", keyId)
                .query(UUID.class)
                .list();
    }
}
