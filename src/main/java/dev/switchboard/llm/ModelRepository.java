package dev.switchboard.llm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code llm_models} table; every query is scoped to an owner. */
@Repository
class ModelRepository {

    private static final String COLUMNS = "id, owner_id, provider_id, model_name, context_window, default_temperature,"
            + " input_price_per_million, output_price_per_million, created_at, updated_at";

    private final JdbcClient jdbc;

    ModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Model model) {
        jdbc.sql("INSERT INTO llm_models (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(model.id(), model.ownerId(), model.providerId(), model.modelName(), model.contextWindow(),
                        model.defaultTemperature(), model.inputPricePerMillion(), model.outputPricePerMillion(),
                        Timestamp.from(model.createdAt()), Timestamp.from(model.updatedAt()))
                .update();
    }

    void update(Model model) {
        jdbc.sql("UPDATE llm_models SET model_name = ?, context_window = ?, default_temperature = ?,"
                        + " input_price_per_million = ?, output_price_per_million = ?, updated_at = ?"
                        + " WHERE id = ? AND owner_id = ?")
                .params(model.modelName(), model.contextWindow(), model.defaultTemperature(),
                        model.inputPricePerMillion(), model.outputPricePerMillion(), Timestamp.from(model.updatedAt()),
                        model.id(), model.ownerId())
                .update();
    }

    Optional<Model> find(UUID ownerId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_models WHERE id = ? AND owner_id = ?")
                .params(id, ownerId)
                .query(ModelRepository::map)
                .optional();
    }

    List<Model> findByOwner(UUID ownerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_models WHERE owner_id = ? ORDER BY created_at, id")
                .param(ownerId)
                .query(ModelRepository::map)
                .list();
    }

    List<Model> findByProvider(UUID ownerId, UUID providerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM llm_models WHERE owner_id = ? AND provider_id = ?"
                        + " ORDER BY created_at, id")
                .params(ownerId, providerId)
                .query(ModelRepository::map)
                .list();
    }

    long countByProvider(UUID providerId) {
        return jdbc.sql("SELECT count(*) FROM llm_models WHERE provider_id = ?").param(providerId)
                .query(Long.class).single();
    }

    boolean delete(UUID ownerId, UUID id) {
        return jdbc.sql("DELETE FROM llm_models WHERE id = ? AND owner_id = ?").params(id, ownerId).update() == 1;
    }

    private static Model map(ResultSet rs, int row) throws SQLException {
        double value = rs.getDouble("default_temperature");
        Double temperature = rs.wasNull() ? null : value;
        return new Model(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getObject("provider_id", UUID.class), rs.getString("model_name"), rs.getInt("context_window"),
                temperature, rs.getBigDecimal("input_price_per_million"),
                rs.getBigDecimal("output_price_per_million"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
