package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * A Telegram update was accepted for a bot, by webhook or long polling.
 *
 * <p>Published <em>synchronously inside the transaction that accepts the update</em>, not after
 * commit: the listener that stores it in the processing inbox writes in the same transaction, so
 * Telegram is answered 200 (or its offset confirmed) only once the update is durably stored, and a
 * failure in the listener rolls the acceptance back so Telegram delivers it again. Listeners must
 * be idempotent on ({@code botId}, {@code updateId}): Telegram repeats deliveries.
 *
 * @param botId the Switchboard bot the update is for
 * @param ownerId the user who owns the bot
 * @param updateId Telegram's {@code update_id}, unique and increasing per bot
 * @param type the update's kind, the name of its payload field ({@code message},
 *     {@code callback_query}, {@code business_message}, ...)
 * @param handled whether Switchboard acts on this kind of update; others are recorded as ignored
 * @param chatId the chat the update belongs to, or null when it has none (e.g. some
 *     {@code business_connection} updates); per-chat order is kept on this id
 * @param fromUserId the Telegram user who caused the update, or null
 * @param json the update as Bot API JSON
 */
public record UpdateReceived(UUID botId, UserId ownerId, long updateId, String type, boolean handled,
        Long chatId, Long fromUserId, String json) {
}
