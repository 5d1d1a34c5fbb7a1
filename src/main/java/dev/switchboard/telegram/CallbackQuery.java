package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * A press of an {@link InlineButton}: Telegram's {@code callback_query}, as the
 * {@link CallbackQueryHandler}s see it.
 *
 * @param id Telegram's callback query id, to answer it with
 * @param botId the bot whose message carried the button
 * @param ownerId the bot's owner
 * @param fromUserId the Telegram user who pressed it
 * @param chatId the chat of the message with the button, or null if Telegram sent none (inline
 *     messages, or a message too old to be included)
 * @param messageId the message with the button, or null as for {@code chatId}
 * @param data the button's {@code callback_data}; may be empty (game buttons), never null
 */
public record CallbackQuery(String id, UUID botId, UserId ownerId, long fromUserId, Long chatId, Long messageId,
        String data) {
}
