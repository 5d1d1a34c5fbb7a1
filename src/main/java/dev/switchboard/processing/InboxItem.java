package dev.switchboard.processing;

import java.time.Instant;
import java.util.UUID;

/**
 * One pending update of a chat, as a {@link ChatTurnHandler} sees it.
 *
 * @param id the inbox item's id
 * @param updateId Telegram's {@code update_id}; a turn's items come in increasing order of it
 * @param type the update's kind, e.g. {@code message} or {@code callback_query}
 * @param fromUserId the Telegram user who caused the update, or null
 * @param json the whole update as Bot API JSON
 * @param receivedAt when Switchboard accepted it
 * @param attempts how many times it has been handed to a handler, this time included
 */
public record InboxItem(UUID id, long updateId, String type, Long fromUserId, String json, Instant receivedAt,
        int attempts) {
}
