package dev.switchboard.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code approval_drafts}. Changes go through {@link #lock} and {@link #save} inside a transaction. */
@Repository
class DraftRepository {

    private static final String COLUMNS = "id, owner_id, bot_id, chat_id, telegram_chat_id, reply_to_message_id,"
            + " business_connection_id, question, suggested_text, final_text, status, model_id, input_tokens,"
            + " output_tokens, cost, latency_ms, created_at, decided_at, decided_by, decided_via, edited, sent_at,"
            + " telegram_message_id, error";

    private final JdbcClient jdbc;

    DraftRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Draft draft) {
        jdbc.sql("INSERT INTO approval_drafts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(draft.id, draft.ownerId, draft.botId, draft.chatId, draft.telegramChatId, draft.replyToMessageId,
                        draft.businessConnectionId, draft.question, draft.suggestedText, draft.finalText(),
                        draft.status().name(), draft.modelId, draft.inputTokens, draft.outputTokens, draft.cost,
                        draft.latencyMs, ts(draft.createdAt), ts(draft.decidedAt()), draft.decidedBy(),
                        name(draft.decidedVia()), draft.edited(), ts(draft.sentAt()), draft.telegramMessageId(),
                        draft.error())
                .update();
    }

    void save(Draft draft) {
        jdbc.sql("UPDATE approval_drafts SET status = ?, final_text = ?, edited = ?, decided_at = ?, decided_by = ?,"
                        + " decided_via = ?, sent_at = ?, telegram_message_id = ?, error = ? WHERE id = ?")
                .params(draft.status().name(), draft.finalText(), draft.edited(), ts(draft.decidedAt()),
                        draft.decidedBy(), name(draft.decidedVia()), ts(draft.sentAt()), draft.telegramMessageId(),
                        draft.error(), draft.id)
                .update();
    }

    /** The draft, row-locked until the transaction ends. */
    Optional<Draft> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM approval_drafts WHERE id = ? FOR UPDATE")
                .param(id).query(DraftRepository::map).optional();
    }

    /** The chat's waiting drafts (at most one), row-locked until the transaction ends. */
    List<Draft> lockPending(UUID botId, String businessConnectionId, long telegramChatId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM approval_drafts WHERE bot_id = ? AND telegram_chat_id = ?"
                        + " AND coalesce(business_connection_id, '') = ? AND status = 'PENDING_APPROVAL' FOR UPDATE")
                .params(botId, telegramChatId, businessConnectionId == null ? "" : businessConnectionId)
                .query(DraftRepository::map).list();
    }

    Optional<Draft> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM approval_drafts WHERE id = ?")
                .param(id).query(DraftRepository::map).optional();
    }

    /** The owner's drafts, newest first, optionally of one status and one bot. */
    List<Draft> list(UUID ownerId, Draft.Status status, UUID botId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM approval_drafts WHERE owner_id = ?"
                        + " AND (CAST(? AS text) IS NULL OR status = ?) AND (CAST(? AS uuid) IS NULL OR bot_id = ?)"
                        + " ORDER BY created_at DESC LIMIT ?")
                .params(ownerId, name(status), name(status), botId, botId, limit)
                .query(DraftRepository::map).list();
    }

    private static Draft map(ResultSet rs, int row) throws SQLException {
        return new Draft(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getObject("bot_id", UUID.class), rs.getObject("chat_id", UUID.class), rs.getLong("telegram_chat_id"),
                rs.getObject("reply_to_message_id", Long.class), rs.getString("business_connection_id"),
                rs.getString("question"), rs.getString("suggested_text"), rs.getObject("model_id", UUID.class),
                rs.getObject("input_tokens", Integer.class), rs.getObject("output_tokens", Integer.class),
                rs.getBigDecimal("cost") == null ? null : rs.getBigDecimal("cost").stripTrailingZeros(),
                rs.getObject("latency_ms", Long.class), instant(rs, "created_at"),
                Draft.Status.valueOf(rs.getString("status")), rs.getString("final_text"), rs.getBoolean("edited"),
                instant(rs, "decided_at"), rs.getObject("decided_by", UUID.class),
                rs.getString("decided_via") == null ? null : DecisionSource.valueOf(rs.getString("decided_via")),
                instant(rs, "sent_at"), rs.getObject("telegram_message_id", Long.class), rs.getString("error"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
