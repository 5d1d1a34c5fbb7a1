package dev.switchboard.telegram;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code telegram_business_connections} and {@code telegram_business_chats}. */
@Repository
class BusinessRepository {

    private final JdbcClient jdbc;

    BusinessRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the connection as of {@code updateId}; an older update than the one stored changes nothing. */
    void upsert(BusinessConnection connection, long updateId) {
        jdbc.sql("""
                        INSERT INTO telegram_business_connections (bot_id, id, telegram_user_id, user_chat_id, can_reply,
                                                                   enabled, connected_at, last_update_id, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (bot_id, id) DO UPDATE
                            SET telegram_user_id = EXCLUDED.telegram_user_id, user_chat_id = EXCLUDED.user_chat_id,
                                can_reply = EXCLUDED.can_reply, enabled = EXCLUDED.enabled,
                                connected_at = EXCLUDED.connected_at, last_update_id = EXCLUDED.last_update_id,
                                updated_at = EXCLUDED.updated_at
                            WHERE telegram_business_connections.last_update_id < EXCLUDED.last_update_id""")
                .params(connection.botId(), connection.id(), connection.telegramUserId(), connection.userChatId(),
                        connection.canReply(), connection.enabled(), Timestamp.from(connection.connectedAt()), updateId,
                        Timestamp.from(connection.updatedAt()))
                .update();
    }

    Optional<BusinessConnection> find(UUID botId, String id) {
        return jdbc.sql("SELECT * FROM telegram_business_connections WHERE bot_id = ? AND id = ?")
                .params(botId, id).query(BusinessRepository::map).optional();
    }

    List<BusinessConnection> ofBot(UUID botId) {
        return jdbc.sql("SELECT * FROM telegram_business_connections WHERE bot_id = ? ORDER BY connected_at DESC, id")
                .param(botId).query(BusinessRepository::map).list();
    }

    /** The customer wrote at {@code at}: the chat's reply window runs from the latest such time. */
    void noteIncoming(UUID botId, String connectionId, long chatId, Instant at) {
        jdbc.sql("""
                        INSERT INTO telegram_business_chats (bot_id, connection_id, chat_id, last_incoming_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (bot_id, connection_id, chat_id) DO UPDATE
                            SET last_incoming_at = GREATEST(telegram_business_chats.last_incoming_at,
                                                            EXCLUDED.last_incoming_at)""")
                .params(botId, connectionId, chatId, Timestamp.from(at)).update();
    }

    Optional<Instant> lastIncoming(UUID botId, String connectionId, long chatId) {
        return jdbc.sql("SELECT last_incoming_at FROM telegram_business_chats"
                        + " WHERE bot_id = ? AND connection_id = ? AND chat_id = ?")
                .params(botId, connectionId, chatId).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    private static BusinessConnection map(ResultSet rs, int row) throws SQLException {
        return new BusinessConnection(rs.getString("id"), rs.getObject("bot_id", UUID.class),
                rs.getLong("telegram_user_id"), rs.getLong("user_chat_id"), rs.getBoolean("can_reply"),
                rs.getBoolean("enabled"), rs.getTimestamp("connected_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
