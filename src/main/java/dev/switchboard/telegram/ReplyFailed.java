package dev.switchboard.telegram;

import java.util.UUID;

/**
 * A reply could not be delivered and will not be tried again (the user blocked the bot, the token
 * was revoked, or retryable errors exhausted the attempts).
 *
 * @param outboxId the outbox row
 * @param botId the bot
 * @param chatId the chat
 * @param error the last error
 * @param correlation the reference given with {@link OutgoingReply}, or null
 */
public record ReplyFailed(UUID outboxId, UUID botId, long chatId, String error, String correlation) {
}
