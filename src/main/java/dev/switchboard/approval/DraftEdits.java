package dev.switchboard.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code approval_edits}: owners who pressed Edit on a draft in Telegram and whose next message in
 * that chat is the new text. One per owner and chat; a later Edit replaces an earlier one.
 */
@Repository
class DraftEdits {

    record Edit(UUID draftId, UUID userId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    DraftEdits(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void start(UUID botId, long telegramChatId, long telegramUserId, UUID draftId, UUID userId) {
        jdbc.sql("INSERT INTO approval_edits (bot_id, telegram_chat_id, telegram_user_id, draft_id, user_id, started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, telegram_chat_id, telegram_user_id)"
                        + " DO UPDATE SET draft_id = EXCLUDED.draft_id, user_id = EXCLUDED.user_id,"
                        + " started_at = EXCLUDED.started_at")
                .params(botId, telegramChatId, telegramUserId, draftId, userId, Timestamp.from(clock.instant()))
                .update();
    }

    /** Removes and returns the edit in progress, if any. */
    Optional<Edit> take(UUID botId, long telegramChatId, long telegramUserId) {
        return jdbc.sql("DELETE FROM approval_edits WHERE bot_id = ? AND telegram_chat_id = ? AND telegram_user_id = ?"
                        + " RETURNING draft_id, user_id")
                .params(botId, telegramChatId, telegramUserId)
                .query((rs, row) -> new Edit(rs.getObject("draft_id", UUID.class), rs.getObject("user_id", UUID.class)))
                .optional();
    }

    boolean cancel(UUID botId, long telegramChatId, long telegramUserId) {
        return take(botId, telegramChatId, telegramUserId).isPresent();
    }
}
