package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code telegram_bots}: bots, their webhook secret digest, and the polling offset and lease. */
@Repository
class BotRepository {

    private static final String COLUMNS = "id, owner_id, name, telegram_bot_id, username, token_credential_id, model_id,"
            + " fallback_model_id, mode, approval, system_prompt, temperature, start_message, help_message,"
            + " error_message, allowed_telegram_user_ids, allowed_model_ids, record_group_messages, monthly_budget,"
            + " budget_message, enabled, disabled_reason, webhook_secret_hash, poll_offset,"
            + " last_error, last_error_at, created_at, updated_at";

    private final JdbcClient jdbc;

    BotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Bot bot) {
        jdbc.sql("INSERT INTO telegram_bots (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(bot.id(), bot.ownerId().value(), bot.name(), bot.telegramBotId(), bot.username(),
                        bot.tokenCredentialId(), bot.modelId(), bot.fallbackModelId(), bot.mode().name(),
                        bot.approval().name(), bot.systemPrompt(), bot.temperature(), bot.startMessage(),
                        bot.helpMessage(), bot.errorMessage(), bot.allowedTelegramUserIds().toArray(Long[]::new),
                        bot.allowedModelIds().toArray(UUID[]::new), bot.recordGroupMessages(), bot.monthlyBudget(),
                        bot.budgetMessage(), bot.enabled(), bot.disabledReason(), bot.webhookSecretHash(), bot.pollOffset(),
                        bot.lastError(), timestamp(bot.lastErrorAt()), timestamp(bot.createdAt()),
                        timestamp(bot.updatedAt()))
                .update();
    }

    /** Writes every setting (not the polling offset and lease, which the poller owns). */
    void update(Bot bot) {
        jdbc.sql("UPDATE telegram_bots SET name = ?, telegram_bot_id = ?, username = ?, token_credential_id = ?,"
                        + " model_id = ?, fallback_model_id = ?, mode = ?, approval = ?, system_prompt = ?,"
                        + " temperature = ?, start_message = ?, help_message = ?, error_message = ?,"
                        + " allowed_telegram_user_ids = ?, allowed_model_ids = ?, record_group_messages = ?,"
                        + " monthly_budget = ?, budget_message = ?, enabled = ?, disabled_reason = ?, webhook_secret_hash = ?,"
                        + " last_error = ?, last_error_at = ?, updated_at = ? WHERE id = ?")
                .params(bot.name(), bot.telegramBotId(), bot.username(), bot.tokenCredentialId(), bot.modelId(),
                        bot.fallbackModelId(), bot.mode().name(), bot.approval().name(), bot.systemPrompt(),
                        bot.temperature(), bot.startMessage(), bot.helpMessage(), bot.errorMessage(),
                        bot.allowedTelegramUserIds().toArray(Long[]::new), bot.allowedModelIds().toArray(UUID[]::new),
                        bot.recordGroupMessages(), bot.monthlyBudget(), bot.budgetMessage(), bot.enabled(),
                        bot.disabledReason(),
                        bot.webhookSecretHash(), bot.lastError(), timestamp(bot.lastErrorAt()),
                        timestamp(bot.updatedAt()), bot.id())
                .update();
    }

    Optional<Bot> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM telegram_bots WHERE id = ?").param(id)
                .query(BotRepository::map).optional();
    }

    Optional<Bot> findOwned(UUID id, UserId owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM telegram_bots WHERE id = ? AND owner_id = ?")
                .params(id, owner.value()).query(BotRepository::map).optional();
    }

    /** Locks the bot's row until the transaction ends, so changes to one bot are serialised. */
    Optional<Bot> lockOwned(UUID id, UserId owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM telegram_bots WHERE id = ? AND owner_id = ? FOR UPDATE")
                .params(id, owner.value()).query(BotRepository::map).optional();
    }

    List<Bot> findByOwner(UserId owner) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM telegram_bots WHERE owner_id = ? ORDER BY created_at, id")
                .param(owner.value()).query(BotRepository::map).list();
    }

    boolean existsWithTelegramId(long telegramBotId, UUID exceptId) {
        return jdbc.sql("SELECT count(*) FROM telegram_bots WHERE telegram_bot_id = ? AND id <> ?")
                .params(telegramBotId, exceptId).query(Long.class).single() > 0;
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM telegram_bots WHERE id = ?").param(id).update();
    }

    /** Turns a bot off because Telegram will not work with it, e.g. a revoked token. */
    void disable(UUID id, String reason, Instant at) {
        jdbc.sql("UPDATE telegram_bots SET enabled = false, disabled_reason = ?, last_error = ?, last_error_at = ?,"
                        + " updated_at = ? WHERE id = ?")
                .params(reason, reason, timestamp(at), timestamp(at), id).update();
    }

    void recordError(UUID id, String error, Instant at) {
        jdbc.sql("UPDATE telegram_bots SET last_error = ?, last_error_at = ? WHERE id = ?")
                .params(error, timestamp(at), id).update();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Bot map(ResultSet rs, int row) throws SQLException {
        Array allowed = rs.getArray("allowed_telegram_user_ids");
        Array models = rs.getArray("allowed_model_ids");
        return new Bot(rs.getObject("id", UUID.class), new UserId(rs.getObject("owner_id", UUID.class)),
                rs.getString("name"), rs.getLong("telegram_bot_id"), rs.getString("username"),
                rs.getObject("token_credential_id", UUID.class), rs.getObject("model_id", UUID.class),
                rs.getObject("fallback_model_id", UUID.class), BotMode.valueOf(rs.getString("mode")),
                Approval.valueOf(rs.getString("approval")), rs.getString("system_prompt"),
                rs.getObject("temperature", Double.class), rs.getString("start_message"), rs.getString("help_message"),
                rs.getString("error_message"),
                allowed == null ? List.of() : Arrays.asList((Long[]) allowed.getArray()),
                models == null ? List.of() : Arrays.asList((UUID[]) models.getArray()),
                rs.getBoolean("record_group_messages"), rs.getBigDecimal("monthly_budget"), rs.getString("budget_message"),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getBytes("webhook_secret_hash"),
                rs.getLong("poll_offset"), rs.getString("last_error"), instant(rs, "last_error_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
