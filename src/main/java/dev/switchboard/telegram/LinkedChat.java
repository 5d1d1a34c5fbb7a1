package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.time.Instant;
import java.util.UUID;

/**
 * A Telegram user linked to a Switchboard account, and the private chat in which the bot they
 * linked through talks to them (owner alerts, approval requests). Send to it with
 * {@code OutgoingReply.plain(botId, chatId, text)}.
 *
 * @param id the link's id
 * @param userId the Switchboard account
 * @param botId the bot the link was made through; it is the one that writes to the chat
 * @param botUsername that bot's Telegram username, without {@code @}
 * @param telegramUserId the Telegram user
 * @param chatId their private chat with the bot (equal to {@code telegramUserId} in practice)
 * @param username the Telegram username at the time of linking, or null
 * @param firstName the Telegram first name at the time of linking, or null
 * @param linkedAt when the link was made
 */
public record LinkedChat(UUID id, UserId userId, UUID botId, String botUsername, long telegramUserId, long chatId,
        String username, String firstName, Instant linkedAt) {
}
