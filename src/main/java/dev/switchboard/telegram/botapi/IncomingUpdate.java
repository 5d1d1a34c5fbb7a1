package dev.switchboard.telegram.botapi;

/**
 * One update from {@code getUpdates}, kept as JSON so it can be stored exactly as webhook updates are.
 *
 * @param updateId Telegram's {@code update_id}; confirm it by polling with a higher offset
 * @param type the update's kind: the name of its one payload field, e.g. {@code message},
 *     {@code callback_query}, {@code business_message}
 * @param json the update as Bot API JSON (field names as documented)
 */
public record IncomingUpdate(long updateId, String type, String json) {
}
