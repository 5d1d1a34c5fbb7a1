package dev.switchboard.telegram;

import java.util.UUID;

/**
 * Telegram accepted a reply from the outbox. Published after the outbox row is marked sent.
 *
 * @param outboxId the outbox row
 * @param botId the bot that sent it
 * @param chatId the chat it went to
 * @param telegramMessageId the id Telegram gave the message
 * @param correlation the reference given with {@link OutgoingReply}, or null
 */
public record ReplySent(UUID outboxId, UUID botId, long chatId, long telegramMessageId, String correlation) {
}
