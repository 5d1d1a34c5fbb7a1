package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * A user opened the bot with {@code /start <payload>} (a deep link {@code t.me/<bot>?start=<payload>}),
 * e.g. to link their Telegram account. Published inside the transaction that completes the turn.
 *
 * @param botId the bot
 * @param ownerId the bot's owner
 * @param chatId the chat
 * @param telegramUserId who sent it
 * @param payload the text after {@code /start}
 */
public record StartPayloadReceived(UUID botId, UserId ownerId, long chatId, Long telegramUserId, String payload) {
}
