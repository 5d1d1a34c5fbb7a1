package dev.switchboard.processing;

import dev.switchboard.identity.UserId;
import java.util.List;
import java.util.UUID;

/**
 * Items of a chat went TERMINAL: they will not be tried again unless the owner retries them.
 * Published inside the transaction that marks them, after {@link ChatTurnHandler#giveUp}; alerting
 * listeners (e.g. a message to the owner's linked chat) should listen after commit.
 *
 * @param itemIds the items that gave up, in arrival order
 * @param botId the bot of the chat
 * @param ownerId the bot's owner, who is to be alerted
 * @param chatId the Telegram chat
 * @param reason why, as stored in each item's {@code terminalReason}
 */
public record ProcessingFailedTerminally(List<UUID> itemIds, UUID botId, UserId ownerId, long chatId, String reason) {

    public ProcessingFailedTerminally {
        itemIds = List.copyOf(itemIds);
    }
}
