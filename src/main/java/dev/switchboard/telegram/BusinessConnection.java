package dev.switchboard.telegram;

import java.time.Instant;
import java.util.UUID;

/**
 * A person's Telegram Business account connected to a bot: the bot then sees their private chats
 * ({@code business_message}) and may answer as them.
 *
 * @param id Telegram's business connection id, sent as {@code business_connection_id} with replies
 * @param botId the bot
 * @param telegramUserId the person who connected their account
 * @param userChatId their private chat with the bot
 * @param canReply whether the connection lets the bot reply ({@code rights.can_reply}, before Bot
 *     API 9 {@code can_reply})
 * @param enabled false once the person disabled or removed the connection
 * @param connectedAt when the connection was made (Telegram's {@code date})
 * @param updatedAt when Switchboard last heard of it
 */
public record BusinessConnection(String id, UUID botId, long telegramUserId, long userChatId, boolean canReply,
        boolean enabled, Instant connectedAt, Instant updatedAt) {
}
