package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * A draft now waits for its owner's decision. Published in the transaction that stored it.
 *
 * @param draftId the draft
 * @param ownerId who decides
 * @param botId the bot that would send it
 * @param telegramChatId the chat it answers
 */
public record DraftCreated(UUID draftId, UserId ownerId, UUID botId, long telegramChatId) {
}
