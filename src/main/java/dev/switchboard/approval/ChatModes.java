package dev.switchboard.approval;

import dev.switchboard.telegram.Approval;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code approval_chat_modes}: chats whose approval mode differs from their bot's. A chat is the bot,
 * the business connection it is answered through ({@code ""} for the bot's own chats) and the
 * Telegram chat id.
 */
@Repository
class ChatModes {

    private final JdbcClient jdbc;

    ChatModes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Approval> find(UUID botId, String businessConnectionId, long telegramChatId) {
        return jdbc.sql("SELECT mode FROM approval_chat_modes WHERE bot_id = ? AND business_connection_id = ?"
                        + " AND telegram_chat_id = ?")
                .params(botId, lane(businessConnectionId), telegramChatId).query(String.class).optional()
                .map(Approval::valueOf);
    }

    /**
     * A bot's own chat as a turn sees it ({@link ChatApproval}), in one round trip: this runs for
     * every turn, and the four lookups were four statements.
     */
    ChatApproval inChat(UUID botId, Approval botMode, long telegramChatId) {
        return jdbc.sql("SELECT (SELECT mode FROM approval_chat_modes WHERE bot_id = ? AND business_connection_id = ''"
                        + " AND telegram_chat_id = ?) AS mode,"
                        + " ARRAY(SELECT telegram_user_id FROM approval_edits WHERE bot_id = ? AND telegram_chat_id = ?) AS editing,"
                        + " EXISTS (SELECT 1 FROM approval_requests WHERE bot_id = ? AND telegram_chat_id = ?"
                        + " AND type = 'CLARIFICATION' AND status = 'PENDING') AS clarification,"
                        + " EXISTS (SELECT 1 FROM approval_drafts WHERE bot_id = ? AND telegram_chat_id = ?"
                        + " AND coalesce(business_connection_id, '') = '' AND status = 'PENDING_APPROVAL') AS draft")
                .params(botId, telegramChatId, botId, telegramChatId, botId, telegramChatId, botId, telegramChatId)
                .query((rs, row) -> {
                    String mode = rs.getString("mode");
                    Long[] editing = (Long[]) rs.getArray("editing").getArray();
                    return new ChatApproval(mode == null ? botMode : Approval.valueOf(mode), Set.of(editing),
                            rs.getBoolean("clarification"), rs.getBoolean("draft"));
                })
                .single();
    }

    /** The bot's chats with a mode of their own, keyed by {@link ApprovalService#chatKey}. */
    Map<String, Approval> ofBot(UUID botId) {
        Map<String, Approval> modes = new HashMap<>();
        jdbc.sql("SELECT business_connection_id, telegram_chat_id, mode FROM approval_chat_modes WHERE bot_id = ?")
                .param(botId)
                .query(rs -> {
                    modes.put(ApprovalService.chatKey(rs.getString("business_connection_id"), rs.getLong("telegram_chat_id")),
                            Approval.valueOf(rs.getString("mode")));
                });
        return modes;
    }

    void set(UUID botId, String businessConnectionId, long telegramChatId, Approval mode, UUID by, Instant at) {
        jdbc.sql("INSERT INTO approval_chat_modes (bot_id, business_connection_id, telegram_chat_id, mode, updated_by,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (bot_id, business_connection_id, telegram_chat_id) DO UPDATE"
                        + " SET mode = EXCLUDED.mode, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")
                .params(botId, lane(businessConnectionId), telegramChatId, mode.name(), by, Timestamp.from(at)).update();
    }

    void clear(UUID botId, String businessConnectionId, long telegramChatId) {
        jdbc.sql("DELETE FROM approval_chat_modes WHERE bot_id = ? AND business_connection_id = ? AND telegram_chat_id = ?")
                .params(botId, lane(businessConnectionId), telegramChatId).update();
    }

    private static String lane(String businessConnectionId) {
        return businessConnectionId == null ? "" : businessConnectionId;
    }
}
