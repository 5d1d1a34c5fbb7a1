package dev.switchboard.llm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code llm_providers} table; every query is scoped to an owner. */
@Repository
class ProviderRepository {

    private static final String COLUMNS = "id, owner_id, name, type, base_url, api_key_credential, created_at, updated_at";

    private final JdbcClient jdbc;

    ProviderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Provider provider) {
        jdbc.sql("INSERT INTO llm_providers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(provider.id(), provider.ownerId(), provider.name(), provider.type().wireName(),
                        provider.baseUrl(), provider.apiKeyCredential(), Timestamp.from(provider.createdAt()),
                        Timestamp.from(provider.updatedAt()))
                .update();
    }

    void update(Provider provider) {
        jdbc.sql("UPDATE llm_providers SET name = ?, base_url = ?, api_key_credential = ?, updated_at = ?"
                        + " WHERE id = ? AND owner_id = ?")
                .params(provider.name(), provider.baseUrl(), provider.apiKeyCredential(),
                        Timestamp.from(provider.updatedAt()), provider.id(), provider.ownerId())
                .update();
    }

    Optional<Provider> find(UUID ownerId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_providers WHERE id = ? AND owner_id = ?")
                .params(id, ownerId)
                .query(ProviderRepository::map)
                .optional();
    }

    /** The row locked for an update or delete in the current transaction. */
    Optional<Provider> lock(UUID ownerId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_providers WHERE id = ? AND owner_id = ? FOR UPDATE")
                .params(id, ownerId)
                .query(ProviderRepository::map)
                .optional();
    }

    List<Provider> findByOwner(UUID ownerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_providers WHERE owner_id = ? ORDER BY created_at, id")
                .param(ownerId)
                .query(ProviderRepository::map)
                .list();
    }

    void delete(UUID ownerId, UUID id) {
        jdbc.sql("DELETE FROM llm_providers WHERE id = ? AND owner_id = ?").params(id, ownerId).update();
    }

    private static Provider map(ResultSet rs, int row) throws SQLException {
        return new Provider(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("name"),
                ProviderType.fromWireName(rs.getString("type")), rs.getString("base_url"),
                rs.getObject("api_key_credential", UUID.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
