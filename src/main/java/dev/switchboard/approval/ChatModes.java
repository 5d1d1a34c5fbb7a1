package dev.switchboard.approval;

import dev.switchboard.telegram.Approval;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code approval_chat_modes}: chats whose approval mode differs from their bot's. */
@Repository
class ChatModes {

    private final JdbcClient jdbc;

    ChatModes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Approval> find(UUID botId, long telegramChatId) {
        return jdbc.sql("SELECT mode FROM approval_chat_modes WHERE bot_id = ? AND telegram_chat_id = ?")
                .params(botId, telegramChatId).query(String.class).optional().map(Approval::valueOf);
    }

    Map<Long, Approval> ofBot(UUID botId) {
        Map<Long, Approval> modes = new HashMap<>();
        jdbc.sql("SELECT telegram_chat_id, mode FROM approval_chat_modes WHERE bot_id = ?").param(botId)
                .query(rs -> {
                    modes.put(rs.getLong("telegram_chat_id"), Approval.valueOf(rs.getString("mode")));
                });
        return modes;
    }

    void set(UUID botId, long telegramChatId, Approval mode, UUID by, Instant at) {
        jdbc.sql("INSERT INTO approval_chat_modes (bot_id, telegram_chat_id, mode, updated_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (bot_id, telegram_chat_id)"
                        + " DO UPDATE SET mode = EXCLUDED.mode, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")
                .params(botId, telegramChatId, mode.name(), by, Timestamp.from(at)).update();
    }

    void clear(UUID botId, long telegramChatId) {
        jdbc.sql("DELETE FROM approval_chat_modes WHERE bot_id = ? AND telegram_chat_id = ?")
                .params(botId, telegramChatId).update();
    }
}
