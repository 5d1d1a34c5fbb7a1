package dev.switchboard.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code conversation_chats} and {@code conversation_messages}. */
@Repository
class ChatRepository {

    /** A chat as listed. */
    record ChatRow(UUID id, UUID botId, long telegramChatId, String type, String title, Instant createdAt,
            Instant lastMessageAt, long messages) {
    }

    /** A stored message. */
    record MessageRow(UUID id, String role, String text, String source, Long telegramMessageId, Long telegramUserId,
            UUID modelId, Integer inputTokens, Integer outputTokens, Long latencyMs, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The chat's id, creating the chat on its first message. */
    UUID upsertChat(UUID botId, long telegramChatId, String type, String title, Instant now) {
        return jdbc.sql("""
                        INSERT INTO conversation_chats (id, bot_id, telegram_chat_id, type, title, created_at, last_message_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (bot_id, telegram_chat_id) DO UPDATE
                            SET last_message_at = EXCLUDED.last_message_at,
                                title = COALESCE(EXCLUDED.title, conversation_chats.title)
                        RETURNING id""")
                .params(UUID.randomUUID(), botId, telegramChatId, type, title, Timestamp.from(now), Timestamp.from(now))
                .query(UUID.class).single();
    }

    Optional<UUID> findChat(UUID botId, long telegramChatId) {
        return jdbc.sql("SELECT id FROM conversation_chats WHERE bot_id = ? AND telegram_chat_id = ?")
                .params(botId, telegramChatId).query(UUID.class).optional();
    }

    void insertMessage(UUID chatId, UUID id, String role, String text, String source, Long telegramMessageId,
            Long telegramUserId, UUID modelId, Integer inputTokens, Integer outputTokens, Long latencyMs, Instant at) {
        jdbc.sql("INSERT INTO conversation_messages (id, chat_id, role, text, source, telegram_message_id,"
                        + " telegram_user_id, model_id, input_tokens, output_tokens, latency_ms, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, chatId, role, text, source, telegramMessageId, telegramUserId, modelId, inputTokens,
                        outputTokens, latencyMs, Timestamp.from(at))
                .update();
    }

    /** The newest {@code limit} messages of a chat, oldest first. */
    List<MessageRow> recentMessages(UUID chatId, int limit) {
        return jdbc.sql("SELECT * FROM (SELECT * FROM conversation_messages WHERE chat_id = ? ORDER BY seq DESC LIMIT ?) m"
                        + " ORDER BY seq")
                .params(chatId, limit).query(ChatRepository::mapMessage).list();
    }

    List<MessageRow> messages(UUID chatId, int limit) {
        return recentMessages(chatId, limit);
    }

    List<ChatRow> chats(UUID botId, String search, int limit) {
        String pattern = search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase() + "%";
        return jdbc.sql("""
                        SELECT c.*, (SELECT count(*) FROM conversation_messages m WHERE m.chat_id = c.id) AS messages
                        FROM conversation_chats c
                        WHERE c.bot_id = ?
                          AND (CAST(? AS text) IS NULL OR lower(coalesce(c.title, '')) LIKE ?
                               OR CAST(c.telegram_chat_id AS text) LIKE ?)
                        ORDER BY c.last_message_at DESC
                        LIMIT ?""")
                .params(botId, pattern, pattern, pattern, limit)
                .query((rs, row) -> new ChatRow(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class),
                        rs.getLong("telegram_chat_id"), rs.getString("type"), rs.getString("title"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_message_at").toInstant(),
                        rs.getLong("messages")))
                .list();
    }

    /** The bot a chat belongs to. */
    Optional<UUID> botOfChat(UUID chatId) {
        return jdbc.sql("SELECT bot_id FROM conversation_chats WHERE id = ?").param(chatId).query(UUID.class).optional();
    }

    void setTelegramMessageId(UUID messageId, long telegramMessageId) {
        jdbc.sql("UPDATE conversation_messages SET telegram_message_id = ? WHERE id = ? AND telegram_message_id IS NULL")
                .params(telegramMessageId, messageId).update();
    }

    private static MessageRow mapMessage(ResultSet rs, int row) throws SQLException {
        return new MessageRow(rs.getObject("id", UUID.class), rs.getString("role"), rs.getString("text"),
                rs.getString("source"), rs.getObject("telegram_message_id", Long.class),
                rs.getObject("telegram_user_id", Long.class), rs.getObject("model_id", UUID.class),
                rs.getObject("input_tokens", Integer.class), rs.getObject("output_tokens", Integer.class),
                rs.getObject("latency_ms", Long.class), rs.getTimestamp("created_at").toInstant());
    }
}
