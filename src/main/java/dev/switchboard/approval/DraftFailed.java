package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * An approved draft could not be delivered (the outbox gave up on it).
 *
 * @param draftId the draft
 * @param ownerId its owner
 * @param botId the bot
 * @param telegramChatId the chat
 * @param error the outbox's last error
 */
public record DraftFailed(UUID draftId, UserId ownerId, UUID botId, long telegramChatId, String error) {
}
