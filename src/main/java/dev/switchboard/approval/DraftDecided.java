package dev.switchboard.approval;

import java.util.UUID;

/**
 * A draft left {@code PENDING_APPROVAL} (approved, rejected or superseded), published in the deciding
 * transaction. Inside the module it replaces the Approve / Edit / Reject buttons shown in Telegram
 * with the outcome.
 *
 * @param draftId the draft
 */
public record DraftDecided(UUID draftId) {
}
